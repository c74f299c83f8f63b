using System.Text;

namespace EventTracking.Collector.Tests.Papika.Support;

/// <summary>
/// Writes JSON the way the Unity client's tiny serializer does: <c>", "</c> between members and elements, no space
/// after <c>:</c>, GUIDs as strings, numbers in the current culture's digits, and only <c>\\ \n \t \r "</c> escaped.
/// </summary>
internal static class MicroJson
{
    public static string Serialize(object? value)
    {
        var text = new StringBuilder();
        Write(text, value);
        return text.ToString();
    }

    private static void Write(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case int or short:
                text.Append(Convert.ToString(value, System.Globalization.CultureInfo.CurrentCulture));
                break;
            case string s:
                text.Append('"').Append(s.Replace("\\", "\\\\").Replace("\n", "\\n").Replace("\t", "\\t").Replace("\r", "\\r").Replace("\"", "\\\"")).Append('"');
                break;
            case Guid g:
                Write(text, g.ToString());
                break;
            case bool b:
                text.Append(b ? "true" : "false");
                break;
            case object[] array:
                text.Append('[');
                for (var i = 0; i < array.Length; i++)
                {
                    text.Append(i > 0 ? ", " : string.Empty);
                    Write(text, array[i]);
                }

                text.Append(']');
                break;
            case IDictionary<string, object?> members:
                text.Append('{');
                var first = true;
                foreach (var (key, member) in members)
                {
                    text.Append(first ? string.Empty : ", ").Append('"').Append(key).Append("\":");
                    Write(text, member);
                    first = false;
                }

                text.Append('}');
                break;
        }
    }
}
