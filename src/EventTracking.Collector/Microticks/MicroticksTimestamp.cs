using System.Globalization;

namespace EventTracking.Collector;

/// <summary>Reads the client's <c>ts</c> (JavaScript's <c>toISOString()</c>, such as <c>2017-08-25T17:09:19.438Z</c>).</summary>
internal static class MicroticksTimestamp
{
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
