using Microsoft.Extensions.Options;

namespace EventTracking.Collector;

/// <summary>
/// Runs after every other configuration of <see cref="MicroticksOptions"/>: replaces the read key by its hash, then
/// checks every setting. The host validates the options as it starts, so a mistake fails the start.
/// </summary>
internal sealed class MicroticksOptionsSetup : IPostConfigureOptions<MicroticksOptions>, IValidateOptions<MicroticksOptions>
{
    public const string DefaultSection = "Microticks";

    public void PostConfigure(string? name, MicroticksOptions options)
    {
        // An empty key stays so that validation can name it; a real one is not kept in plain text.
        if (options.ReadKey is { Length: > 0 } key)
        {
            options.ReadKeyHash = ApiKeys.Hash(key);
            options.ReadKey = null;
        }
    }

    public ValidateOptionsResult Validate(string? name, MicroticksOptions options)
    {
        var section = options.SectionPath;
        var errors = new List<string>();
        if (options.ReadKey is { Length: 0 })
        {
            errors.Add($"{section}:ReadKey is empty; set a key, or remove the setting to close the read routes.");
        }

        if (options.Database is { } database && string.IsNullOrWhiteSpace(database))
        {
            errors.Add($"{section}:Database is empty; name the SQLite file of the store that keeps the Microticks events, or remove the setting.");
        }

        if (options.EventsTable is { } table)
        {
            if (options.Database is null)
            {
                errors.Add($"{section}:EventsTable is set but {section}:Database is not; set both, or neither to use the SQLite store of the routing tree.");
            }
            else if (!MicroticksSchema.IsPlainIdentifier(table))
            {
                errors.Add($"{section}:EventsTable '{table}' is not a plain identifier: use letters, digits and underscores, starting with a letter or underscore.");
            }
        }

        if (options.MaxReadLimit <= 0)
        {
            errors.Add($"{section}:MaxReadLimit must be greater than 0, not {options.MaxReadLimit}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
