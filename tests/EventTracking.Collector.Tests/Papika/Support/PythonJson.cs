using System.Globalization;
using System.Text;

namespace EventTracking.Collector.Tests.Papika.Support;

/// <summary>Writes JSON as Python's <c>json.dumps</c> does by default: <c>", "</c> and <c>": "</c> separators, non-ASCII escaped.</summary>
internal static class PythonJson
{
    public static string Dumps(object? value)
    {
        var text = new StringBuilder();
        Write(text, value);
        return text.ToString();
    }

    /// <summary><c>str(datetime)</c>: microseconds only when they are not zero.</summary>
    public static string Str(DateTime time) =>
        time.ToString(time.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    private static void Write(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case bool b:
                text.Append(b ? "true" : "false");
                break;
            case int or long:
                text.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
            case string s:
                WriteString(text, s);
                break;
            case IEnumerable<KeyValuePair<string, object?>> members:
                text.Append('{');
                var first = true;
                foreach (var (key, member) in members)
                {
                    text.Append(first ? string.Empty : ", ");
                    WriteString(text, key);
                    text.Append(": ");
                    Write(text, member);
                    first = false;
                }

                text.Append('}');
                break;
            case System.Collections.IEnumerable items:
                text.Append('[');
                var firstItem = true;
                foreach (var item in items)
                {
                    text.Append(firstItem ? string.Empty : ", ");
                    Write(text, item);
                    firstItem = false;
                }

                text.Append(']');
                break;
            default:
                throw new ArgumentException($"json.dumps cannot write {value.GetType()}");
        }
    }

    private static void WriteString(StringBuilder text, string s)
    {
        text.Append('"');
        foreach (var c in s)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                < ' ' or > '~' => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => c.ToString(),
            });
        }

        text.Append('"');
    }
}
