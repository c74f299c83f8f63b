using Microsoft.Extensions.Options;

namespace EventTracking.Collector;

/// <summary>
/// Runs after every other configuration of <see cref="EventCollectorOptions"/>: replaces the plain keys by their hashes,
/// then checks every setting. The host validates the options as it starts, so a mistake fails the start.
/// </summary>
internal sealed class CollectorOptionsSetup : IPostConfigureOptions<EventCollectorOptions>, IValidateOptions<EventCollectorOptions>
{
    public const string Section = "Collector";

    public void PostConfigure(string? name, EventCollectorOptions options)
    {
        foreach (var (keyName, key) in options.Keys.OrderBy(k => k.Key, StringComparer.OrdinalIgnoreCase))
        {
            // An empty key is kept as such (hash of nothing is never looked up) so validation can name it.
            options.HashedKeys.Add(new ApiKey(keyName, string.IsNullOrEmpty(key) ? [] : ApiKeys.Hash(key)));
        }

        options.Keys.Clear();
    }

    public ValidateOptionsResult Validate(string? name, EventCollectorOptions options)
    {
        var errors = new List<string>();
        if (options.HashedKeys.Count == 0 && !options.AllowAnonymous)
        {
            errors.Add(
                $"{Section}:Keys: no API key is configured, so the collector would accept nothing. Add one, such as {Section}:Keys:mobile "
                + $"(or the environment variable {Section}__Keys__mobile), or set {Section}:AllowAnonymous to true to accept events without a key.");
        }

        foreach (var key in options.HashedKeys.Where(k => k.Hash.Length == 0))
        {
            errors.Add($"{Section}:Keys:{key.Name} is empty; an API key must not be empty.");
        }

        Positive(errors, nameof(options.MaxRequestBodySize), options.MaxRequestBodySize);
        Positive(errors, nameof(options.MaxDecompressedBodySize), options.MaxDecompressedBodySize);
        Positive(errors, nameof(options.MaxDepth), options.MaxDepth);
        Positive(errors, nameof(options.MaxEventSize), options.MaxEventSize);
        Positive(errors, nameof(options.MaxBatchSize), options.MaxBatchSize);
        Positive(errors, nameof(options.MaxNameLength), options.MaxNameLength);
        if (options.RetryAfter < TimeSpan.Zero)
        {
            errors.Add($"{Section}:RetryAfter must not be negative, not {options.RetryAfter}.");
        }

        var rate = options.RateLimit;
        if (rate.Window < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{Section}:RateLimit:Window must be at least 1 second, not {rate.Window}.");
        }

        RateLimit(errors, nameof(rate.EventsPerKey), rate.EventsPerKey, options.MaxBatchSize);
        RateLimit(errors, nameof(rate.EventsPerClient), rate.EventsPerClient, options.MaxBatchSize);
        foreach (var (surface, limit) in options.SurfaceRateLimits)
        {
            var path = $"{Section}:SurfaceRateLimits:{surface}";
            if (!CollectorSurface.All.Contains(surface, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"{path} names no surface; the surfaces are {string.Join(", ", CollectorSurface.All)}.");
            }

            if (limit.Window < TimeSpan.FromSeconds(1))
            {
                errors.Add($"{path}:Window must be at least 1 second, not {limit.Window}.");
            }

            if (limit.EventsPerKey < 0 || limit.EventsPerClient < 0)
            {
                errors.Add($"{path}: EventsPerKey and EventsPerClient must be 0 (off) or more, not {limit.EventsPerKey} and {limit.EventsPerClient}.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(List<string> errors, string option, long value)
    {
        if (value <= 0)
        {
            errors.Add($"{Section}:{option} must be greater than 0, not {value}.");
        }
    }

    // A bucket smaller than the largest batch could never pass that batch, and its client would retry for ever.
    private static void RateLimit(List<string> errors, string option, int value, int maxBatchSize)
    {
        if (value != 0 && value < maxBatchSize)
        {
            errors.Add($"{Section}:RateLimit:{option} must be 0 (off) or at least MaxBatchSize ({maxBatchSize}), not {value}.");
        }
    }
}
