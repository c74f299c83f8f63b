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
        var ticks = timestamp.UtcTicks;
        DateOnly.FromDateTime(new DateTime(ticks)).Deconstruct(out var year, out var month, out var day);
        var time = ticks % TimeSpan.TicksPerDay;
        var micros = (int)(time % TimeSpan.TicksPerSecond / 10);
        var target = destination[..Length];
        Two(target, 0, year / 100);
        Two(target, 2, year % 100);
        target[4] = (byte)'-';
        Two(target, 5, month);
        target[7] = (byte)'-';
        Two(target, 8, day);
        target[10] = (byte)'T';
        Two(target, 11, (int)(time / TimeSpan.TicksPerHour));
        target[13] = (byte)':';
        Two(target, 14, (int)(time / TimeSpan.TicksPerMinute % 60));
        target[16] = (byte)':';
        Two(target, 17, (int)(time / TimeSpan.TicksPerSecond % 60));
        target[19] = (byte)'.';
        Two(target, 20, micros / 10_000);
        Two(target, 22, micros / 100 % 100);
        Two(target, 24, micros % 100);
        "+00:00"u8.CopyTo(target[26..]);
    }

    private static void Two(Span<byte> destination, int at, int value)
    {
        destination[at] = (byte)('0' + (value / 10));
        destination[at + 1] = (byte)('0' + (value % 10));
    }
}
