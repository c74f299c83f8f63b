using Microsoft.Extensions.Options;

namespace EventTracking.Collector;

/// <summary>Checks <see cref="PapikaOptions"/> as the host starts; each message begins with the configuration path it concerns.</summary>
internal sealed class PapikaOptionsValidator : IValidateOptions<PapikaOptions>
{
    private readonly string _section;
    private readonly EventCollectorOptions? _collector;

    /// <param name="section">The configuration path of Papika's options, for messages.</param>
    /// <param name="collector">The collector's options, whose per-client rate limit a full batch must fit in.</param>
    public PapikaOptionsValidator(string section, EventCollectorOptions? collector)
    {
        _section = section;
        _collector = collector;
    }

    public ValidateOptionsResult Validate(string? name, PapikaOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.StorePath))
        {
            errors.Add($"{_section}:StorePath must name a SQLite file for Papika's users, sessions and experiment assignments.");
        }

        foreach (var (id, conditions) in options.Experiments)
        {
            if (!PapikaFieldReader.TryParseUuid(id, out _))
            {
                errors.Add($"{_section}:Experiments:{id} is not a UUID; experiments are named by the UUID their clients send as experiment_id.");
            }

            if (conditions < 1)
            {
                errors.Add($"{_section}:Experiments:{id} must be a number of conditions of at least 1, not {conditions}.");
            }
        }

        var duplicates = options.Experiments.Keys
            .Where(id => PapikaFieldReader.TryParseUuid(id, out _))
            .GroupBy(id => { PapikaFieldReader.TryParseUuid(id, out var guid); return guid; })
            .Where(group => group.Count() > 1);
        foreach (var group in duplicates)
        {
            errors.Add($"{_section}:Experiments names the experiment {group.Key} more than once ({string.Join(", ", group)}).");
        }

        foreach (var origin in options.AllowedOrigins)
        {
            if (origin != "*" && !(Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.Query)))
            {
                errors.Add($"{_section}:AllowedOrigins: '{origin}' is not an origin such as https://game.example.org (or * for any).");
            }
        }

        if (options.MaxRequestBodySize <= 0)
        {
            errors.Add($"{_section}:MaxRequestBodySize must be greater than 0, not {options.MaxRequestBodySize}.");
        }

        if (options.MaxBatchSize <= 0)
        {
            errors.Add($"{_section}:MaxBatchSize must be greater than 0, not {options.MaxBatchSize}.");
        }

        // A bucket smaller than the largest batch could never pass that batch, and the client would resend it for ever.
        if (_collector?.RateLimit.EventsPerClient is > 0 and var perClient && options.MaxBatchSize > perClient)
        {
            errors.Add($"{_section}:MaxBatchSize ({options.MaxBatchSize}) is larger than Collector:RateLimit:EventsPerClient ({perClient}): a full batch could never pass the rate limit. Lower it, or raise the limit.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
