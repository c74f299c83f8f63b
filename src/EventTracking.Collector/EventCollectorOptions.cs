namespace EventTracking.Collector;

/// <summary>
/// Settings of the collector endpoints (<c>MapEventCollector</c>, <c>MapPycolytics</c>): API keys, hard input limits,
/// rate limits. Bound from the <c>Collector</c> configuration section by <c>services.AddEventCollector(…)</c> and
/// validated when the host starts.
/// </summary>
public sealed class EventCollectorOptions
{
    /// <summary>
    /// API keys by name, such as <c>Collector:Keys:mobile = "…"</c>. The name (never the key) goes into each accepted
    /// event's <c>collector_key</c> context field and into logs. When the host starts, each key is replaced by its
    /// SHA-256 hash and this dictionary is emptied, so the options no longer hold the keys in plain text.
    /// </summary>
    public IDictionary<string, string> Keys { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Accept requests that present no key. Default <see langword="false"/>: with no key configured the host refuses to
    /// start, so a collector is never open by accident. A request that presents a wrong key is refused either way.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>The largest request body accepted, in bytes, as sent (compressed or not); larger bodies get 413. Default 1 MiB.</summary>
    public long MaxRequestBodySize { get; set; } = 1024 * 1024;

    /// <summary>The largest body accepted after gzip decompression, in bytes; larger bodies get 413. Default 4 MiB.</summary>
    public long MaxDecompressedBodySize { get; set; } = 4 * 1024 * 1024;

    /// <summary>How deeply the body's JSON may nest, counting the outer array or object as 1; deeper gets 400. Default 32.</summary>
    public int MaxDepth { get; set; } = 32;

    /// <summary>The largest single event, in bytes of its JSON text; a larger event gets 400 naming its index. Default 32 KiB.</summary>
    public int MaxEventSize { get; set; } = 32 * 1024;

    /// <summary>The most events one request may carry; more gets 400. Default 500.</summary>
    public int MaxBatchSize { get; set; } = 500;

    /// <summary>The longest event name, in characters; longer gets 400. Default 256.</summary>
    public int MaxNameLength { get; set; } = 256;

    /// <summary>The <c>Retry-After</c> sent with 503 when a store cannot take the events. Default 5 seconds.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Rate limits per key and per client address, counted in events. Off by default.</summary>
    public CollectorRateLimitOptions RateLimit { get; } = new();

    /// <summary>
    /// A surface's own rate limit, by surface name (<see cref="CollectorSurface"/>: <c>Native</c>, <c>Pycolytics</c>,
    /// <c>Attolytics</c>, <c>Microticks</c>, <c>Papika</c>), counted in events and drawn on top of <see cref="RateLimit"/>:
    /// <c>"SurfaceRateLimits": { "Pycolytics": { "EventsPerClient": 2, "Window": "00:01:00" } }</c> gives the Pycolytics
    /// routes Pycolytics' "2 per minute" without touching the others. A request carrying more events than a surface's
    /// limit is refused with 429 and a <c>Retry-After</c> of a whole window.
    /// </summary>
    public IDictionary<string, CollectorRateLimitOptions> SurfaceRateLimits { get; } = new Dictionary<string, CollectorRateLimitOptions>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Settings of the Pycolytics surface.</summary>
    public PycolyticsOptions Pycolytics { get; } = new();

    /// <summary>The hashed keys, filled when the options are configured; the plain keys are gone by then.</summary>
    internal List<ApiKey> HashedKeys { get; } = [];
}
