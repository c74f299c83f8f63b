using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace EventTracking.Reading;

/// <summary>
/// A position in the (timestamp, id) order of stored events: where a page ended, where a tail continues. Timestamps
/// compare at microsecond precision (what stores keep); ties are broken by the id's 36-character lowercase text,
/// compared ordinally (the order of PostgreSQL's <c>uuid</c> and of SQLite text).
/// </summary>
/// <remarks>
/// <see cref="ToString"/> renders a compact, URL-safe token (microseconds since 0001-01-01 UTC, a dash, the id in 32 hex
/// digits) that <see cref="Parse"/> reads back, for links and command lines.
/// </remarks>
public readonly record struct EventCursor : IComparable<EventCursor>
{
    private const long TicksPerMicrosecond = 10;

    /// <summary>Creates a cursor at a timestamp (truncated to microseconds, converted to UTC) and an id.</summary>
    /// <param name="timestamp">The event timestamp.</param>
    /// <param name="id">The event id.</param>
    public EventCursor(DateTimeOffset timestamp, Guid id)
    {
        Timestamp = Truncate(timestamp);
        Id = id;
    }

    /// <summary>The timestamp, in UTC, truncated to microseconds.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The event id.</summary>
    public Guid Id { get; }

    /// <summary>The cursor at an event.</summary>
    /// <param name="evt">The event.</param>
    public static EventCursor At(TrackingEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        return new EventCursor(evt.Timestamp, evt.Id);
    }

    /// <summary>Reads a token written by <see cref="ToString"/>.</summary>
    /// <param name="token">The token.</param>
    /// <exception cref="FormatException">The token is not a cursor; the message quotes it.</exception>
    public static EventCursor Parse(string token) =>
        TryParse(token, out var cursor) ? cursor : throw new FormatException($"'{token}' is not an event cursor (expected microseconds, '-', 32 hex digits).");

    /// <summary>Reads a token written by <see cref="ToString"/>.</summary>
    /// <param name="token">The token.</param>
    /// <param name="cursor">The cursor, when the token is valid.</param>
    /// <returns>Whether the token is a cursor.</returns>
    public static bool TryParse([NotNullWhen(true)] string? token, out EventCursor cursor)
    {
        cursor = default;
        var dash = token?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        if (dash <= 0
            || !long.TryParse(token.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var micros)
            || micros > DateTimeOffset.MaxValue.UtcTicks / TicksPerMicrosecond
            || !Guid.TryParseExact(token.AsSpan(dash + 1), "N", out var id))
        {
            return false;
        }

        cursor = new EventCursor(new DateTimeOffset(micros * TicksPerMicrosecond, TimeSpan.Zero), id);
        return true;
    }

    /// <summary>Orders cursors by timestamp, then by the id's lowercase text (ordinal).</summary>
    /// <param name="other">The other cursor.</param>
    public int CompareTo(EventCursor other)
    {
        var byTime = Timestamp.UtcTicks.CompareTo(other.Timestamp.UtcTicks);
        return byTime != 0 ? byTime : string.CompareOrdinal(Id.ToString("D"), other.Id.ToString("D"));
    }

    /// <summary>The URL-safe token that <see cref="Parse"/> reads.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Timestamp.UtcTicks / TicksPerMicrosecond}-{Id:N}");

    /// <summary>Whether one cursor sorts before another.</summary>
    public static bool operator <(EventCursor left, EventCursor right) => left.CompareTo(right) < 0;

    /// <summary>Whether one cursor sorts after another.</summary>
    public static bool operator >(EventCursor left, EventCursor right) => left.CompareTo(right) > 0;

    /// <summary>Whether one cursor sorts before another or equals it.</summary>
    public static bool operator <=(EventCursor left, EventCursor right) => left.CompareTo(right) <= 0;

    /// <summary>Whether one cursor sorts after another or equals it.</summary>
    public static bool operator >=(EventCursor left, EventCursor right) => left.CompareTo(right) >= 0;

    internal static DateTimeOffset Truncate(DateTimeOffset timestamp)
    {
        var ticks = timestamp.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TicksPerMicrosecond), TimeSpan.Zero);
    }
}
