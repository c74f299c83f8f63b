using System.Globalization;

namespace EventTracking.Collector;

/// <summary>Reads the client's <c>ts</c> (JavaScript's <c>toISOString()</c>, such as <c>2017-08-25T17:09:19.438Z</c>).</summary>
internal static class MicroticksTimestamp
{
    /// <summary>
    /// The longest <c>ts</c> accepted. The client's <c>toISOString()</c> is 24 characters (27 for years beyond 9999),
    /// ISO 8601 with a seven-digit fraction and an offset 33; the text is kept verbatim in every event's context and in
    /// the sessions table, so it is bounded like the other fields.
    /// </summary>
    public const int MaxLength = 64;

    /// <summary>Why <paramref name="ts"/> cannot be kept verbatim (too long, or holding text that could break a line), or <see langword="null"/>.</summary>
    /// <remarks>A <c>ts</c> that does not parse is kept, as the original kept it; the receive time stands in for it.</remarks>
    public static string? Describe(string ts) =>
        ts.Length > MaxLength
            ? $"longer than {MaxLength} characters"
            : LogText.IsLineSafe(ts) ? null : $"holds {LineSafeText.UnsafeKinds}";

    /// <summary>Parses <paramref name="ts"/>; a time without an offset is taken as UTC. Cut to the microsecond precision events carry.</summary>
    public static DateTimeOffset? TryParse(string ts)
    {
        if (!DateTimeOffset.TryParse(ts, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return null;
        }

        var utc = parsed.UtcTicks;
        return new DateTimeOffset(utc - (utc % 10), TimeSpan.Zero);
    }
}
