namespace EventTracking.Collector;

/// <summary>
/// Parses RFC 3339 date-times (<c>2019-04-01T15:29:40.5+02:00</c>, <c>…Z</c>): the date, <c>T</c> (or <c>t</c> or a
/// space), the time with optional fractional seconds, and a required offset. Nothing else: no local times, no week
/// dates, no date alone, which <see cref="DateTimeOffset.TryParse(string, out DateTimeOffset)"/> would accept.
/// </summary>
internal static class Rfc3339
{
    /// <summary>Parses <paramref name="text"/> into a UTC time truncated to the microsecond, as events carry.</summary>
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        var s = text.AsSpan();

        // yyyy-MM-ddTHH:mm:ss is 19 characters; the shortest offset, Z, makes 20.
        if (s.Length < 20
            || !Digits(s, 0, 4, out var year) || s[4] != '-' || !Digits(s, 5, 2, out var month) || s[7] != '-'
            || !Digits(s, 8, 2, out var day) || s[10] is not ('T' or 't' or ' ')
            || !Digits(s, 11, 2, out var hour) || s[13] != ':' || !Digits(s, 14, 2, out var minute) || s[16] != ':'
            || !Digits(s, 17, 2, out var second))
        {
            return false;
        }

        var position = 19;
        long fractionTicks = 0;
        if (s[position] == '.')
        {
            var start = ++position;
            var scale = TimeSpan.TicksPerSecond;
            while (position < s.Length && char.IsAsciiDigit(s[position]))
            {
                scale /= 10;
                fractionTicks += (s[position] - '0') * scale;
                position++;
            }

            if (position == start)
            {
                return false;
            }
        }

        if (!Offset(s[position..], out var offset)
            || month is < 1 or > 12 || year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fractionTicks);
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTimeOffset(utcTicks - (utcTicks % 10), TimeSpan.Zero);
        return true;
    }

    private static bool Offset(ReadOnlySpan<char> s, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (s is ['Z' or 'z'])
        {
            return true;
        }

        if (s.Length != 6 || s[0] is not ('+' or '-') || !Digits(s, 1, 2, out var hours) || s[3] != ':' || !Digits(s, 4, 2, out var minutes)
            || hours > 23 || minutes > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        if (s[0] == '-')
        {
            offset = -offset;
        }

        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }

            value = (value * 10) + (s[i] - '0');
        }

        return true;
    }
}
