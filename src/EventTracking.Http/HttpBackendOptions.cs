namespace EventTracking;

/// <summary>Settings for an <see cref="HttpBackend"/>.</summary>
public sealed class HttpBackendOptions
{
    /// <summary>The collector URL that batches are POSTed to (absolute, http or https). Required.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Compress request bodies with gzip and send <c>Content-Encoding: gzip</c>. Default <see langword="false"/>.</summary>
    public bool Gzip { get; set; }

    /// <summary>Extra request headers sent with every batch; <see cref="ApiKey"/> and <see cref="BearerToken"/> override same-named entries.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>An API key, sent as the <c>X-Api-Key</c> header.</summary>
    public string? ApiKey { get; set; }

    /// <summary>A bearer token, sent as <c>Authorization: Bearer …</c>.</summary>
    public string? BearerToken { get; set; }

    /// <summary>
    /// How long one attempt may take, until the response headers arrive; a late attempt is abandoned and retried like a
    /// network error. Default 10 seconds; <see cref="Timeout.InfiniteTimeSpan"/> means no limit.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times one batch is retried after a transient failure (408, 429, 5xx, network error, timeout). Default 3; 0 disables retries.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry's delay; each further retry doubles it, with jitter. Default 1 second.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest pause between two attempts. Backoff is capped at it; a <c>Retry-After</c> asking for longer is
    /// honoured by not retrying in-process: the send fails and the caller (an <c>AsyncRoutingBackend</c>) may retry the
    /// batch later. Default 30 seconds.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most events one request carries; a larger batch is sent as several requests. Default 500, the collector's
    /// <c>MaxBatchSize</c>.
    /// </summary>
    public int MaxEventsPerRequest { get; set; } = 500;

    /// <summary>
    /// The largest request body, in bytes before compression; a batch whose JSON is larger is sent as several requests.
    /// Default 1 MiB, the collector's <c>MaxRequestBodySize</c>.
    /// </summary>
    public long MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// The largest single event, in bytes of its canonical JSON; a larger event is not sent (the collector would refuse
    /// it) but counted dropped with reason <c>rejected</c> and logged, and the rest of its batch is delivered. Default
    /// 32 KiB, the collector's <c>MaxEventSize</c>.
    /// </summary>
    public int MaxEventBytes { get; set; } = 32 * 1024;

    /// <summary>
    /// Throw <see cref="EventBatchRejectedException"/> when the collector rejects a batch (a 4xx other than 408 and 429).
    /// Default <see langword="false"/>: a rejected batch is counted as dropped (reason <c>rejected</c>) and logged, and the
    /// send returns normally, because re-sending the same batch would be rejected again. Has no effect on batches an
    /// <see cref="AsyncRoutingBackend"/> delivers: the node counts the rejected events itself, and an exception would make
    /// it send the whole batch again (see <see cref="BatchOutcome.IsObserved"/>).
    /// </summary>
    public bool ThrowOnRejected { get; set; }
}
