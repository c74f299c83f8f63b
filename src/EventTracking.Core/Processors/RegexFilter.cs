using System.Text.RegularExpressions;

namespace EventTracking;

/// <summary>Lets events through, or drops them, by matching their names against regular expressions.</summary>
/// <remarks>
/// A pattern matches at the start of the name, as Python's <c>re.match</c> does in edX's <c>RegexFilter</c>:
/// <c>^edx\.course\.</c> and <c>edx\.course\.</c> behave alike; add <c>$</c> to match the whole name.
/// Patterns are compiled once, at construction.
/// </remarks>
public sealed class RegexFilter : IEventProcessor
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly Regex[] _regexes;
    private readonly string[] _prefixes;

    /// <summary>Creates a filter.</summary>
    /// <param name="filterType">Whether matching events are the only ones kept, or the ones dropped.</param>
    /// <param name="patterns">.NET regular expressions, matched at the start of the event name.</param>
    /// <exception cref="ArgumentException">A pattern is not a valid regular expression; the message names it.</exception>
    public RegexFilter(RegexFilterType filterType, IEnumerable<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        if (!Enum.IsDefined(filterType))
        {
            throw new ArgumentOutOfRangeException(nameof(filterType), filterType, "Unknown filter type.");
        }

        FilterType = filterType;
        Patterns = patterns.ToArray();
        var literal = Patterns.Select(LiteralPrefix).ToArray();
        _prefixes = literal.OfType<string>().ToArray();
        _regexes = Patterns.Where((_, i) => literal[i] is null).Select(Compile).ToArray();
    }

    /// <summary>Whether matching events are kept or dropped.</summary>
    public RegexFilterType FilterType { get; }

    /// <summary>The patterns, as given.</summary>
    public IReadOnlyList<string> Patterns { get; }

    /// <inheritdoc />
    public TrackingEvent? Process(TrackingEvent evt)
    {
        var matches = Matches(evt.Name);
        return matches == (FilterType == RegexFilterType.Allowlist) ? evt : null;
    }

    private bool Matches(string name)
    {
        foreach (var prefix in _prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        foreach (var regex in _regexes)
        {
            if (regex.IsMatch(name))
            {
                return true;
            }
        }

        return false;
    }

    // Most patterns are escaped literal prefixes such as ^edx\.course\. ; those are matched without a regex.
    private static string? LiteralPrefix(string? pattern)
    {
        if (pattern is null)
        {
            return null;
        }

        var body = pattern.StartsWith('^') ? pattern[1..] : pattern;
        try
        {
            var text = Regex.Unescape(body);
            return text.Length > 0 && Regex.Escape(text) == body ? text : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static Regex Compile(string? pattern)
    {
        if (pattern is null)
        {
            throw new ArgumentException("A RegexFilter pattern is null.", "patterns");
        }

        try
        {
            // Validate the pattern on its own first, so the error speaks of the user's text, not our wrapper.
            _ = new Regex(pattern, RegexOptions.None, MatchTimeout);
            return new Regex(@"\A(?:" + pattern + ")", RegexOptions.Compiled | RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"Invalid RegexFilter pattern '{pattern}': {ex.Message}", "patterns", ex);
        }
    }
}
