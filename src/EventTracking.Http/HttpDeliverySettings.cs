namespace EventTracking;

/// <summary>
/// One backend's retry and timeout settings, attached to each request so a single pipeline definition serves every
/// <see cref="HttpBackend"/>, whichever <c>HttpClient</c> carries it.
/// </summary>
internal sealed record HttpDeliverySettings(int MaxRetries, TimeSpan RetryBaseDelay, TimeSpan MaxRetryDelay, TimeSpan Timeout)
{
    /// <summary>The defaults of <see cref="HttpBackendOptions"/>, for requests that carry no settings.</summary>
    public static readonly HttpDeliverySettings Default = From(new HttpBackendOptions());

    public static HttpDeliverySettings From(HttpBackendOptions options) =>
        new(options.MaxRetries, options.RetryBaseDelay, options.MaxRetryDelay, options.Timeout);
}
