namespace EventTracking.Collector;

/// <summary>
/// Rate limits of the collector, counted in events rather than requests, so a batch cannot bypass them. A limit of 0
/// (the default) is off. A request over a limit gets 429 with <c>Retry-After</c> and stores nothing.
/// </summary>
/// <remarks>
/// Each key and each client address has a token bucket holding up to its limit, refilled as time passes at the limit per
/// <see cref="Window"/>; a batch takes one token per event from its client's bucket and its key's, or none if either
/// has too few. Limits apply to every collector route together. The client address is
/// <c>HttpContext.Connection.RemoteIpAddress</c>: behind a proxy, call <c>UseForwardedHeaders</c> first.
/// </remarks>
public sealed class CollectorRateLimitOptions
{
    /// <summary>Events each API key may send per <see cref="Window"/>; 0 for no limit. Must be at least <see cref="EventCollectorOptions.MaxBatchSize"/>.</summary>
    public int EventsPerKey { get; set; }

    /// <summary>Events each client address may send per <see cref="Window"/>; 0 for no limit. Must be at least <see cref="EventCollectorOptions.MaxBatchSize"/>.</summary>
    public int EventsPerClient { get; set; }

    /// <summary>The period the limits are counted over. Default 1 minute; at least 1 second.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
