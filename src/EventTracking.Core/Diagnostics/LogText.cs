using System.Globalization;
using System.Text;

namespace EventTracking;

/// <summary>
/// Makes untrusted text (anything a request, a client or an event carries) safe to put in a log message or an
/// exception message that may be logged: nothing in the result can start a new line, move the cursor, recolour a
/// terminal or reorder the text around it.
/// </summary>
/// <remarks>
/// CR, LF and TAB become <c>\r</c>, <c>\n</c> and <c>\t</c>; every other control character (C0, DEL and C1, including
/// ESC and NEL), every format character (Unicode category Cf, such as the bidirectional overrides), U+2028 LINE
/// SEPARATOR, U+2029 PARAGRAPH SEPARATOR and every unpaired surrogate becomes <c>\uXXXX</c>. Other text, including
/// backslashes and well-formed surrogate pairs, is kept as it is, so escaping is idempotent: a message that quotes an
/// escaped reason is escaped again without change. (A client can therefore send a literal <c>\n</c> that reads like an
/// escaped line break; it still cannot break the line.)
/// </remarks>
public static class LogText
{
    /// <summary>The longest text <see cref="Escape(string?)"/> keeps, in UTF-16 code units of the input; the rest is
    /// replaced by a note saying how much was left out.</summary>
    public const int DefaultMaxLength = 512;

    /// <summary>Escapes <paramref name="value"/> and shortens it to <see cref="DefaultMaxLength"/> characters.</summary>
    /// <param name="value">Untrusted text; <see langword="null"/> gives an empty string.</param>
    /// <returns>Text without line breaks, control or format characters, or unpaired surrogates.</returns>
    public static string Escape(string? value) => Escape(value, DefaultMaxLength);

    /// <summary>Escapes <paramref name="value"/> and shortens it to <paramref name="maxLength"/> characters.</summary>
    /// <param name="value">Untrusted text; <see langword="null"/> gives an empty string.</param>
    /// <param name="maxLength">How many characters of the input to keep (a surrogate pair is never split); the rest is
    /// replaced by <c>…(N more characters)</c>.</param>
    /// <returns>Text without line breaks, control or format characters, or unpaired surrogates.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> is negative.</exception>
    public static string Escape(string? value, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var kept = value.Length <= maxLength ? value.Length : maxLength;
        if (kept < value.Length && kept > 0 && char.IsHighSurrogate(value[kept - 1]) && char.IsLowSurrogate(value[kept]))
        {
            kept--;
        }

        var first = FirstUnsafe(value.AsSpan(0, kept));
        if (first < 0 && kept == value.Length)
        {
            return value;
        }

        var builder = new StringBuilder(kept + 16);
        builder.Append(value, 0, first < 0 ? kept : first);
        for (var i = first < 0 ? kept : first; i < kept; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < kept && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
                continue;
            }

            switch (c)
            {
                case '\r': builder.Append(@"\r"); break;
                case '\n': builder.Append(@"\n"); break;
                case '\t': builder.Append(@"\t"); break;
                default:
                    if (IsUnsafe(c))
                    {
                        builder.Append(@"\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        if (kept < value.Length)
        {
            builder.Append(CultureInfo.InvariantCulture, $"…({value.Length - kept} more characters)");
        }

        return builder.ToString();
    }

    /// <summary>
    /// Whether <paramref name="value"/> can be written to a log line as it is: it holds no control or format character,
    /// line or paragraph separator, or unpaired surrogate, so <see cref="Escape(string?)"/> would return it unchanged.
    /// </summary>
    /// <param name="value">The text.</param>
    /// <returns><see langword="true"/> if nothing in it can break, recolour or reorder a line.</returns>
    public static bool IsLineSafe(ReadOnlySpan<char> value) => FirstUnsafe(value) < 0;

    /// <summary>Finds the first control or format character, line or paragraph separator, or unpaired surrogate.</summary>
    /// <param name="value">The text.</param>
    /// <returns>Its index, or -1.</returns>
    internal static int FirstUnsafe(ReadOnlySpan<char> value)
    {
        // Printable ASCII, the common case, is checked vectorized; the slow walk starts at the first other character.
        var start = value.IndexOfAnyExceptInRange((char)0x20, (char)0x7E);
        if (start < 0)
        {
            return -1;
        }

        for (var i = start; i < value.Length; i++)
        {
            var c = value[i];
            if (c < 0x7F && c >= 0x20)
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if (IsUnsafe(c))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsUnsafe(char c) => char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate;
}
