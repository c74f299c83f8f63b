using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using EventTracking.Reading;

namespace EventTracking.Cli;

/// <summary>The filter options the reading commands share: name, prefix, time range and context.</summary>
internal static partial class FilterOptions
{
    public static readonly Option<string?> Name = new("--name", "-n") { Description = "Only events with exactly this name." };

    public static readonly Option<string?> Prefix = new("--prefix", "-p") { Description = "Only events whose name starts with this." };

    public static readonly Option<string?> From = new("--from")
    {
        Description = "Only events at or after this time: ISO 8601 (2026-11-30T10:00Z) or an age such as 15m, 2h, 7d.",
    };

    public static readonly Option<string?> To = new("--to") { Description = "Only events before this time (same forms as --from)." };

    public static readonly Option<string[]> Context = new("--context", "-c")
    {
        Description = "Only events whose context holds key=value (repeatable; all must hold).",
        AllowMultipleArgumentsPerToken = false,
    };

    public static void AddTo(Command command, bool withName = true)
    {
        if (withName)
        {
            command.Options.Add(Name);
            command.Options.Add(Prefix);
        }

        command.Options.Add(From);
        command.Options.Add(To);
        command.Options.Add(Context);
    }

    /// <exception cref="CliException">A value does not parse (usage); the message names it.</exception>
    public static EventFilter Read(ParseResult parse)
    {
        Dictionary<string, string>? context = null;
        foreach (var pair in parse.GetValue(Context) ?? [])
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliException($"--context '{pair}' is not key=value.", ExitCodes.Usage);
            }

            context ??= new Dictionary<string, string>(StringComparer.Ordinal);
            context[pair[..equals]] = pair[(equals + 1)..];
        }

        var filter = new EventFilter
        {
            Name = NotEmpty(parse.GetValue(Name), "--name"),
            NamePrefix = NotEmpty(parse.GetValue(Prefix), "--prefix"),
            From = Time(parse.GetValue(From), "--from"),
            To = Time(parse.GetValue(To), "--to"),
            Context = context,
        };
        if (filter.From > filter.To)
        {
            throw new CliException($"--from '{parse.GetValue(From)}' is after --to '{parse.GetValue(To)}'.", ExitCodes.Usage);
        }

        try
        {
            filter.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message, ExitCodes.Usage);
        }

        return filter;
    }

    /// <exception cref="CliException">The text is neither a time nor an age (usage).</exception>
    public static DateTimeOffset? Time(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (Age().Match(text.Trim()) is { Success: true } age)
        {
            var amount = long.Parse(age.Groups[1].Value, CultureInfo.InvariantCulture);
            var unit = age.Groups[2].Value switch { "s" => TimeSpan.FromSeconds(1), "m" => TimeSpan.FromMinutes(1), "h" => TimeSpan.FromHours(1), _ => TimeSpan.FromDays(1) };
            var now = DateTimeOffset.UtcNow;
            if (unit * amount > now - DateTimeOffset.MinValue)
            {
                throw new CliException($"{option} '{text}' reaches back before the year 1.", ExitCodes.Usage);
            }

            return now - (unit * amount);
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        throw new CliException($"{option} '{text}' is not a time: use ISO 8601 (2026-11-30T10:00Z) or an age such as 15m, 2h, 7d.", ExitCodes.Usage);
    }

    private static string? NotEmpty(string? value, string option) =>
        value is { Length: 0 } ? throw new CliException($"{option} is empty; leave it out to match every name.", ExitCodes.Usage) : value;

    [GeneratedRegex("^([0-9]{1,6})([smhd])$")]
    private static partial Regex Age();
}
