namespace EventTracking;

/// <summary>
/// Writes the canonical timestamp, <c>2026-11-23T12:00:00.123456+00:00</c> (UTC, microseconds), as ASCII bytes without
/// allocating or parsing a format string.
/// </summary>
internal static class CanonicalTimestamp
{
    /// <summary>The length of every canonical timestamp.</summary>
    public const int Length = 32;

    /// <summary>Writes <paramref name="timestamp"/> in UTC into the first <see cref="Length"/> bytes of <paramref name="destination"/>.</summary>
    public static void Write(DateTimeOffset timestamp, Span<byte> destination)
    {
        var utc = timestamp.UtcDateTime;
        var target = destination[..Length];
        Digits(target[..4], utc.Year);
        target[4] = (byte)'-';
        Digits(target.Slice(5, 2), utc.Month);
        target[7] = (byte)'-';
        Digits(target.Slice(8, 2), utc.Day);
        target[10] = (byte)'T';
        Digits(target.Slice(11, 2), utc.Hour);
        target[13] = (byte)':';
        Digits(target.Slice(14, 2), utc.Minute);
        target[16] = (byte)':';
        Digits(target.Slice(17, 2), utc.Second);
        target[19] = (byte)'.';
        Digits(target.Slice(20, 6), (int)(utc.Ticks % TimeSpan.TicksPerSecond / 10));
        "+00:00"u8.CopyTo(target[26..]);
    }

    private static void Digits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
