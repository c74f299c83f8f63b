using System.Globalization;
using System.Text.RegularExpressions;

namespace EventTracking.Collector;

/// <summary>
/// A Papika <c>client_time</c>: the client's clock when it logged the event, in one of the forms its clients send.
/// </summary>
/// <remarks>
/// <para>
/// ISO 8601 (the TypeScript client's <c>2016-03-14T14:03:04.123Z</c>, with any offset or none), Python's
/// <c>str(datetime)</c> (<c>2016-03-14 14:03:04.123456</c>, the fraction only when it is not zero), and .NET's
/// <c>DateTime.ToString()</c> in the culture the Unity client runs under: en-US <c>3/14/2016 2:03:04 PM</c>, day-first
/// <c>14/03/2016 14:03:04</c> (en-GB, fr, es, it, pt), <c>14.03.2016 14:03:04</c> (de, ru, pl, tr, cs, nb),
/// <c>14.3.2016 14.03.04</c> (fi), <c>14-3-2016 14:03:04</c> (nl, da), year-first <c>2016/03/14 14:03:04</c> (ja, zh),
/// <c>2016-03-14 14:03:04</c> (sv), <c>2016. 03. 14. 14:03:04</c> (hu), and 12-hour clocks with <c>AM</c>/<c>PM</c>,
/// <c>a.m.</c>/<c>p.m.</c>, <c>오전</c>/<c>오후</c>, <c>午前</c>/<c>午後</c> or <c>上午</c>/<c>下午</c> before or after the time.
/// </para>
/// <para>
/// A date such as <c>3/4/2016</c> does not say which number is the month: with <c>/</c> and a 12-hour clock it is read
/// month first (en-US), otherwise day first, unless only the other reading is a valid date. Years are Gregorian.
/// </para>
/// </remarks>
internal readonly partial record struct PapikaClientTime(DateTime Value, TimeSpan? Offset)
{
    private const string Designators = "AM|PM|A\\.M\\.|P\\.M\\.|오전|오후|午前|午後|上午|下午";

    /// <summary>
    /// The time as ISO 8601 text at microsecond precision: in UTC with <c>+00:00</c> when the client gave its offset,
    /// otherwise the client's wall-clock time without an offset, since its zone is unknown.
    /// </summary>
    public string Normalized => Offset is { } offset
        ? EventJson.FormatTimestamp(new DateTimeOffset(Value, offset))
        : Value.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out PapikaClientTime time)
    {
        time = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 64)
        {
            return false;
        }

        // ICU puts a narrow no-break space before AM/PM; some cultures use no-break spaces between parts.
        var normalized = text.Replace('\u202F', ' ').Replace('\u00A0', ' ').Replace('\u2009', ' ').Trim();
        var iso = Iso().Match(normalized);
        if (iso.Success)
        {
            return TryIso(iso, out time);
        }

        var culture = Culture().Match(normalized);
        return culture.Success && TryCulture(culture, out time);
    }

    private static bool TryIso(Match match, out PapikaClientTime time)
    {
        time = default;
        TimeSpan? offset = null;
        if (match.Groups["z"] is { Success: true } zone)
        {
            if (!TryOffset(zone.Value, out var parsed))
            {
                return false;
            }

            offset = parsed;
        }

        if (!TryBuild(Number(match, "y"), Number(match, "mo"), Number(match, "d"), Number(match, "h"), Number(match, "mi"), Number(match, "s"), match.Groups["f"].Value, out var value))
        {
            return false;
        }

        time = new PapikaClientTime(value, offset);
        return true;
    }

    private static bool TryCulture(Match match, out PapikaClientTime time)
    {
        time = default;
        var pre = match.Groups["pre"];
        var post = match.Groups["post"];
        if (pre.Success && post.Success)
        {
            return false;
        }

        var designator = pre.Success ? pre.Value : post.Success ? post.Value : null;
        var hour = Number(match, "h");
        if (designator is not null)
        {
            if (hour is < 1 or > 12)
            {
                return false;
            }

            hour = (hour % 12) + (IsAfternoon(designator) ? 12 : 0);
        }

        var (a, b, c) = (match.Groups["a"].Value, match.Groups["b"].Value, match.Groups["c"].Value);
        int year, month, day;
        if (a.Length == 4)
        {
            (year, month, day) = (Parse(a), Parse(b), Parse(c));
            if (c.Length > 2)
            {
                return false;
            }
        }
        else if (c.Length == 4)
        {
            year = Parse(c);
            var monthFirst = designator is not null && match.Groups["sep"].Value == "/";
            var (first, second) = (Parse(a), Parse(b));
            if (monthFirst ? first > 12 && second <= 12 : second > 12 && first <= 12)
            {
                monthFirst = !monthFirst;
            }

            (month, day) = monthFirst ? (first, second) : (second, first);
        }
        else
        {
            return false;
        }

        if (!TryBuild(year, month, day, hour, Number(match, "mi"), Number(match, "s"), match.Groups["f"].Value, out var value))
        {
            return false;
        }

        time = new PapikaClientTime(value, null);
        return true;
    }

    private static bool IsAfternoon(string designator) =>
        designator.StartsWith('P') || designator.StartsWith('p') || designator is "오후" or "午後" or "下午";

    private static bool TryBuild(int year, int month, int day, int hour, int minute, int second, string fraction, out DateTime value)
    {
        value = default;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        // Seven digits are ticks; anything finer is cut.
        var ticks = fraction.Length == 0 ? 0 : Parse(fraction.Length > 7 ? fraction[..7] : fraction.PadRight(7, '0'));
        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(ticks);
        return true;
    }

    private static bool TryOffset(string zone, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (zone is "Z" or "z")
        {
            return true;
        }

        var digits = zone[1..].Replace(":", string.Empty, StringComparison.Ordinal);
        var hours = Parse(digits[..2]);
        var minutes = digits.Length == 4 ? Parse(digits[2..]) : 0;
        if (hours > 14 || minutes > 59 || (hours == 14 && minutes > 0))
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        if (zone[0] == '-')
        {
            offset = -offset;
        }

        return true;
    }

    private static int Number(Match match, string group) => match.Groups[group] is { Success: true } g ? Parse(g.Value) : 0;

    private static int Parse(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<y>[0-9]{4})-(?<mo>[0-9]{2})-(?<d>[0-9]{2})[Tt ](?<h>[0-9]{2}):(?<mi>[0-9]{2})(?::(?<s>[0-9]{2})(?:[.,](?<f>[0-9]{1,9}))?)?(?<z>[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Iso();

    [GeneratedRegex(@"^(?<a>[0-9]{1,4})(?<sep>/|-|\. ?)(?<b>[0-9]{1,2})\k<sep>(?<c>[0-9]{1,4})\.? +(?:(?<pre>" + Designators + @") *)?(?<h>[0-9]{1,2})(?<ts>[:.])(?<mi>[0-9]{2})(?:\k<ts>(?<s>[0-9]{2})(?:[.,](?<f>[0-9]{1,7}))?)?(?: *(?<post>" + Designators + "))?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Culture();
}
