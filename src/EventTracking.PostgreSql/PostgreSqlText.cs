using System.Text;

namespace EventTracking;

/// <summary>
/// PostgreSQL text and jsonb cannot hold the NUL character (<c>U+0000</c>), which untrusted event names and data may
/// carry; it is stored as <c>U+FFFD</c> instead of failing the whole batch for ever.
/// </summary>
internal static class PostgreSqlText
{
    private const string EscapedNul = "\\u0000";
    private const string EscapedReplacement = "\\uFFFD";

    public static string Text(string value) => value.Contains('\0', StringComparison.Ordinal) ? value.Replace('\0', '\uFFFD') : value;

    public static string Json(string json)
    {
        var index = json.IndexOf(EscapedNul, StringComparison.Ordinal);
        if (index < 0)
        {
            return json;
        }

        // "\u0000" is an escape only when preceded by an even number of backslashes ("\\u0000" is a backslash and "u0000").
        var builder = new StringBuilder(json.Length);
        var copied = 0;
        while (index >= 0)
        {
            var backslashes = 0;
            for (var i = index - 1; i >= 0 && json[i] == '\\'; i--)
            {
                backslashes++;
            }

            if (backslashes % 2 == 0)
            {
                builder.Append(json, copied, index - copied).Append(EscapedReplacement);
                copied = index + EscapedNul.Length;
            }

            index = json.IndexOf(EscapedNul, index + 1, StringComparison.Ordinal);
        }

        return builder.Append(json, copied, json.Length - copied).ToString();
    }
}
