namespace EventTracking;

/// <summary>
/// Writes the canonical timestamp, <c>2026-11-23T12:00:00.123456+00:00</c> (UTC, microseconds), as ASCII bytes without
/// allocating or parsing a format string.
/// </summary>
internal static class CanonicalTimestamp
{
    /// <summary>The length of every canonical timestamp.</summary>
    public const int Length = 32;

    private static Day? _lastDay;

    /// <summary>Writes <paramref name="timestamp"/> in UTC into the first <see cref="Length"/> bytes of <paramref name="destination"/>.</summary>
    public static void Write(DateTimeOffset timestamp, Span<byte> destination)
    {
        var ticks = timestamp.UtcTicks;
        var target = destination[..Length];
        var dayNumber = ticks / TimeSpan.TicksPerDay;

        // Events come in time order, so the date part of the last day written is kept (one immutable object, swapped
        // whole, so threads never see a torn pair) and most calls copy it instead of working out the calendar.
        var last = _lastDay;
        if (last is null || last.Number != dayNumber)
        {
            last = new Day(dayNumber);
            _lastDay = last;
        }

        last.Text.CopyTo(target);
        var time = ticks % TimeSpan.TicksPerDay;
        var micros = (int)(time % TimeSpan.TicksPerSecond / 10);
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

    /// <summary>A day and its <c>yyyy-MM-ddT</c> text.</summary>
    private sealed class Day
    {
        public Day(long number)
        {
            Number = number;
            DateOnly.FromDayNumber((int)number).Deconstruct(out var year, out var month, out var day);
            var text = new byte[11];
            Two(text, 0, year / 100);
            Two(text, 2, year % 100);
            text[4] = (byte)'-';
            Two(text, 5, month);
            text[7] = (byte)'-';
            Two(text, 8, day);
            text[10] = (byte)'T';
            Text = text;
        }

        public long Number { get; }

        public byte[] Text { get; }
    }
}
