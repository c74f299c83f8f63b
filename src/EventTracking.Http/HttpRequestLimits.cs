namespace EventTracking;

/// <summary>How a batch is cut into requests; the defaults equal the collector's limits.</summary>
internal sealed record HttpRequestLimits(int MaxEventsPerRequest, long MaxRequestBytes, int MaxEventBytes)
{
    public static HttpRequestLimits From(HttpBackendOptions options)
    {
        if (options.MaxEventsPerRequest < 1)
        {
            throw new ArgumentException($"HttpBackendOptions.MaxEventsPerRequest must be at least 1, not {options.MaxEventsPerRequest}.", nameof(options));
        }

        if (options.MaxEventBytes < 2)
        {
            throw new ArgumentException($"HttpBackendOptions.MaxEventBytes must be at least 2, not {options.MaxEventBytes}.", nameof(options));
        }

        if (options.MaxRequestBytes < options.MaxEventBytes + 2)
        {
            throw new ArgumentException(
                $"HttpBackendOptions.MaxRequestBytes ({options.MaxRequestBytes}) must exceed MaxEventBytes ({options.MaxEventBytes}) by at least 2, so any event that may be sent fits a request.",
                nameof(options));
        }

        return new(options.MaxEventsPerRequest, options.MaxRequestBytes, options.MaxEventBytes);
    }
}
