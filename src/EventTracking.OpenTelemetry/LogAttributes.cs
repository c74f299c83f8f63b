using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EventTracking;

/// <summary>
/// An event as the attribute list of a log record: <c>eventtracking.event.id</c>, then <c>context.*</c> and
/// <c>data.*</c>, nested dictionaries flattened with dots, lists of scalars as arrays and other lists as JSON text.
/// </summary>
internal sealed class LogAttributes : IReadOnlyList<KeyValuePair<string, object?>>
{
    public const string EventIdKey = "eventtracking.event.id";

    private readonly List<KeyValuePair<string, object?>> _items;

    private LogAttributes(string name, List<KeyValuePair<string, object?>> items)
    {
        Name = name;
        _items = items;
    }

    /// <summary>The event's name, the record's body.</summary>
    public string Name { get; }

    public int Count => _items.Count;

    public KeyValuePair<string, object?> this[int index] => _items[index];

    public static LogAttributes From(TrackingEvent evt)
    {
        var items = new List<KeyValuePair<string, object?>>(evt.Context.Count + evt.Data.Count + 1)
        {
            new(EventIdKey, evt.Id.ToString()),
        };
        Flatten(items, "context", evt.Context);
        Flatten(items, "data", evt.Data);
        return new LogAttributes(evt.Name, items);
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static void Flatten(List<KeyValuePair<string, object?>> items, string prefix, IReadOnlyDictionary<string, object?> values)
    {
        foreach (var (key, value) in values)
        {
            var name = prefix + "." + key;
            switch (value)
            {
                case IReadOnlyDictionary<string, object?> nested:
                    Flatten(items, name, nested);
                    break;
                case IReadOnlyList<object?> list:
                    items.Add(new(name, list.All(IsPrimitive) ? list.Select(Primitive).ToArray() : Json(list)));
                    break;
                default:
                    items.Add(new(name, Primitive(value)));
                    break;
            }
        }
    }

    private static bool IsPrimitive(object? value) => value is not IReadOnlyDictionary<string, object?> and not IReadOnlyList<object?>;

    // OpenTelemetry attributes hold strings, booleans, integers and doubles; anything else becomes invariant text.
    private static object? Primitive(object? value) => value switch
    {
        null or string or bool or long or double => value,
        int or short or byte or sbyte or ushort or uint => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        float f => (double)f,
        decimal d => (double)d,
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToBase64String(bytes),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string Json(IReadOnlyList<object?> list)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, list);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case IReadOnlyDictionary<string, object?> dict:
                writer.WriteStartObject();
                foreach (var (key, item) in dict)
                {
                    writer.WritePropertyName(key);
                    Write(writer, item);
                }

                writer.WriteEndObject();
                break;
            case IReadOnlyList<object?> list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                switch (Primitive(value))
                {
                    case null: writer.WriteNullValue(); break;
                    case bool b: writer.WriteBooleanValue(b); break;
                    case long l: writer.WriteNumberValue(l); break;
                    case double d: writer.WriteNumberValue(d); break;
                    case var other: writer.WriteStringValue(other.ToString()); break;
                }

                break;
        }
    }
}
