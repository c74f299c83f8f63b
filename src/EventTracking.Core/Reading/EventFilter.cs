using System.Globalization;

namespace EventTracking.Reading;

/// <summary>Which stored events a read or a count covers. Every condition given must hold; none given means every event.</summary>
/// <example><c>new EventFilter { NamePrefix = "edx.course.", From = DateTimeOffset.UtcNow.AddDays(-1), Context = new Dictionary&lt;string, string&gt; { ["user_id"] = "42" } }</c></example>
public sealed record EventFilter
{
    /// <summary>The filter that lets every event through.</summary>
    public static EventFilter All { get; } = new();

    /// <summary>Only events with exactly this name (ordinal); <see langword="null"/> for any name.</summary>
    public string? Name { get; init; }

    /// <summary>Only events whose name starts with this text (ordinal, case-sensitive); <see langword="null"/> for any name.</summary>
    public string? NamePrefix { get; init; }

    /// <summary>Only events stamped at or after this instant; <see langword="null"/> for no lower bound.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only events stamped strictly before this instant; <see langword="null"/> for no upper bound.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>
    /// Only events whose top-level context holds each key with the value given. A string value matches a context
    /// string equal to it (ordinal); it also matches a number or boolean whose JSON text equals it, so
    /// <c>["user_id"] = "42"</c> matches both <c>"user_id": 42</c> and <c>"user_id": "42"</c>. Keys are at most
    /// 200 characters and contain no double quote.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Context { get; init; }

    /// <summary>Checks every condition.</summary>
    /// <exception cref="ArgumentException">A condition is invalid; the message names the value.</exception>
    public void Validate()
    {
        if (Name is { Length: 0 })
        {
            throw new ArgumentException("EventFilter.Name must not be empty; use null for any name.", nameof(Name));
        }

        if (NamePrefix is { Length: 0 })
        {
            throw new ArgumentException("EventFilter.NamePrefix must not be empty; use null for any name.", nameof(NamePrefix));
        }

        if (From is { } from && To is { } to && from > to)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"EventFilter.From ({from:O}) is after EventFilter.To ({to:O})."), nameof(From));
        }

        if (Context is null)
        {
            return;
        }

        foreach (var (key, value) in Context)
        {
            if (string.IsNullOrEmpty(key) || key.Length > 200 || key.Contains('"', StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"EventFilter.Context key '{key}' is not usable: it must be 1 to 200 characters without a double quote.", nameof(Context));
            }

            if (value is null)
            {
                throw new ArgumentException($"EventFilter.Context value for '{key}' must not be null.", nameof(Context));
            }
        }
    }

    /// <summary>Whether an event passes this filter; what every store must agree with.</summary>
    /// <param name="evt">The event.</param>
    /// <returns><see langword="true"/> when every condition holds.</returns>
    public bool Matches(TrackingEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        if ((Name is not null && !string.Equals(evt.Name, Name, StringComparison.Ordinal))
            || (NamePrefix is not null && !evt.Name.StartsWith(NamePrefix, StringComparison.Ordinal))
            || (From is { } from && EventCursor.Truncate(evt.Timestamp) < EventCursor.Truncate(from))
            || (To is { } to && EventCursor.Truncate(evt.Timestamp) >= EventCursor.Truncate(to)))
        {
            return false;
        }

        if (Context is null)
        {
            return true;
        }

        foreach (var (key, expected) in Context)
        {
            if (!evt.Context.TryGetValue(key, out var actual) || !ContextValueEquals(actual, expected))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ContextValueEquals(object? actual, string expected) => actual switch
    {
        null => false,
        string s => string.Equals(s, expected, StringComparison.Ordinal),
        bool b => string.Equals(b ? "true" : "false", expected, StringComparison.Ordinal),
        IReadOnlyDictionary<string, object?> or IReadOnlyList<object?> => false,
        _ => string.Equals(EventJson.FormatScalar(actual), expected, StringComparison.Ordinal),
    };
}
