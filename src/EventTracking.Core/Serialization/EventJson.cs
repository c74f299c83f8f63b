using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EventTracking;

/// <summary>
/// The canonical JSON form of an event, shared by logs, the HTTP backend, SQLite and the collector:
/// <c>{"id":"…","name":"…","timestamp":"2026-11-23T12:00:00.123456+00:00","context":{…},"data":{…}}</c>.
/// </summary>
/// <remarks>
/// Reading gives back nested objects as <see cref="IReadOnlyDictionary{TKey,TValue}"/>, arrays as
/// <see cref="IReadOnlyList{T}"/>, integers as <see cref="long"/>, other numbers as <see cref="double"/>.
/// Dates, GUIDs and enums inside data are written as strings and read back as strings.
/// </remarks>
public static class EventJson
{
    private const int MaxRetainedBuffer = 64 * 1024;

    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id"u8);
    private static readonly JsonEncodedText NameName = JsonEncodedText.Encode("name"u8);
    private static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode("timestamp"u8);
    private static readonly JsonEncodedText ContextName = JsonEncodedText.Encode("context"u8);
    private static readonly JsonEncodedText DataName = JsonEncodedText.Encode("data"u8);

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _writer;

    /// <summary>
    /// Writer options for canonical JSON: compact, and escaping only what JSON requires (so <c>+00:00</c> stays
    /// readable). Not for embedding in HTML.
    /// </summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Renders an event as one line of canonical JSON.</summary>
    /// <param name="evt">The event.</param>
    public static string Serialize(TrackingEvent evt)
    {
        // One buffer and writer per thread, taken while in use (so a re-entrant call gets its own) and reset after:
        // serializing is on every backend's hot path.
        var buffer = _buffer ?? new ArrayBufferWriter<byte>(1024);
        var writer = _writer ?? new Utf8JsonWriter(buffer, WriterOptions);
        (_buffer, _writer) = (null, null);
        try
        {
            Write(writer, evt);
            writer.Flush();
            return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        finally
        {
            writer.Reset(buffer);
            buffer.ResetWrittenCount();
            if (buffer.Capacity <= MaxRetainedBuffer)
            {
                (_buffer, _writer) = (buffer, writer);
            }
        }
    }

    /// <summary>Writes an event as a canonical JSON object.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="evt">The event.</param>
    public static void Write(Utf8JsonWriter writer, TrackingEvent evt)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(evt);
        writer.WriteStartObject();
        writer.WriteString(IdName, evt.Id);
        writer.WriteString(NameName, evt.Name);
        writer.WritePropertyName(TimestampName);
        ScalarJson.Write(writer, evt.Timestamp);
        writer.WritePropertyName(ContextName);
        if (evt.Context is ContextFrame frame)
        {
            WriteFrames(writer, frame);
        }
        else
        {
            WriteValue(writer, evt.Context);
        }

        writer.WritePropertyName(DataName);
        WriteReadable(writer, evt.ReadableData);
        writer.WriteEndObject();
    }

    /// <summary>Parses one event from canonical JSON.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="JsonException">The text is not a canonical event; the message says what is wrong.</exception>
    public static TrackingEvent Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        return FromElement(document.RootElement);
    }

    /// <summary>Parses one event from canonical JSON held in UTF-8 bytes.</summary>
    /// <param name="utf8Json">The JSON bytes.</param>
    /// <exception cref="JsonException">The text is not a canonical event.</exception>
    public static TrackingEvent Parse(ReadOnlyMemory<byte> utf8Json)
    {
        using var document = JsonDocument.Parse(utf8Json);
        return FromElement(document.RootElement);
    }

    /// <summary>Builds an event from a parsed JSON object in canonical form.</summary>
    /// <param name="element">A JSON object with <c>id</c>, <c>name</c>, <c>timestamp</c>, and optional <c>context</c> and <c>data</c>.</param>
    /// <exception cref="JsonException">A field is missing or has the wrong type.</exception>
    public static TrackingEvent FromElement(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"An event must be a JSON object, not {element.ValueKind}.");
        }

        var id = Required(element, "id", JsonValueKind.String).TryGetGuid(out var guid)
            ? guid
            : throw new JsonException("The event's 'id' is not a GUID.");
        var name = Required(element, "name", JsonValueKind.String).GetString()!;
        var timestamp = ParseTimestamp(Required(element, "timestamp", JsonValueKind.String).GetString()!);
        return new TrackingEvent(id, name, timestamp, Optional(element, "context"), Optional(element, "data"));
    }

    /// <summary>Formats a timestamp the canonical way: UTC, microseconds, <c>+00:00</c>.</summary>
    /// <param name="timestamp">The timestamp.</param>
    public static string FormatTimestamp(DateTimeOffset timestamp) =>
        string.Create(CanonicalTimestamp.Length, timestamp, static (chars, value) =>
        {
            Span<byte> utf8 = stackalloc byte[CanonicalTimestamp.Length];
            CanonicalTimestamp.Write(value, utf8);
            for (var i = 0; i < utf8.Length; i++)
            {
                chars[i] = (char)utf8[i];
            }
        });

    /// <summary>Parses an ISO 8601 timestamp with an offset (or <c>Z</c>) into UTC.</summary>
    /// <param name="text">The timestamp text.</param>
    /// <exception cref="JsonException">The text is not an ISO 8601 timestamp.</exception>
    public static DateTimeOffset ParseTimestamp(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value.ToUniversalTime()
            : throw new JsonException($"The timestamp '{text}' is not an ISO 8601 date and time.");

    /// <summary>Writes one normalized value (scalar, dictionary or list) as JSON.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    public static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d when double.IsFinite(d): writer.WriteNumberValue(d); break;
            case float f when float.IsFinite(f): writer.WriteNumberValue(f); break;
            case double or float: writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            case decimal m: writer.WriteNumberValue(m); break;
            case short or ushort or byte or sbyte or uint: writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case ulong ul: writer.WriteNumberValue(ul); break;
            case DateTimeOffset dto: ScalarJson.Write(writer, dto); break;
            case DateTime dt: writer.WriteStringValue(dt.ToString("O", CultureInfo.InvariantCulture)); break;
            case Guid g: writer.WriteStringValue(g); break;
            case byte[] bytes: writer.WriteBase64StringValue(bytes); break;
            case Enum e: writer.WriteStringValue(e.ToString()); break;
            case ContextFrame frame:
                WriteFrames(writer, frame);
                break;
            case NormalizedDictionary or AnonymousValues:
                WriteReadable(writer, new ReadableValues(value, null));
                break;
            case IReadOnlyDictionary<string, object?> dict:
                writer.WriteStartObject();
                foreach (var (key, item) in dict)
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, item);
                }

                writer.WriteEndObject();
                break;
            case NormalizedList normalizedList:
                writer.WriteStartArray();
                foreach (var item in normalizedList)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            case IReadOnlyList<object?> list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            case DateOnly or TimeOnly or TimeSpan or IFormattable: writer.WriteStringValue(FormatScalar(value)); break;
            default:
                var normalized = EventValues.Normalize(value, 0);
                if (normalized is IReadOnlyDictionary<string, object?> or IReadOnlyList<object?>)
                {
                    WriteValue(writer, normalized);
                }
                else
                {
                    writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                }

                break;
        }
    }

    /// <summary>
    /// Renders a scalar that JSON has no type for as invariant text: ISO 8601 for dates and times
    /// (<c>2026-01-02</c>, <c>13:45:00</c>), the constant format for durations, invariant culture otherwise.
    /// </summary>
    /// <param name="value">The scalar.</param>
    public static string FormatScalar(object value) => value switch
    {
        DateOnly date => date.ToString("O", CultureInfo.InvariantCulture),
        TimeOnly time => time.ToString("O", CultureInfo.InvariantCulture),
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    // Event data, walked in place: no boxed enumerator, and a flat anonymous object read without a dictionary.
    private static void WriteReadable(Utf8JsonWriter writer, ReadableValues readable)
    {
        if (readable.Instance is ContextFrame or not (NormalizedDictionary or AnonymousValues) and IReadOnlyDictionary<string, object?>)
        {
            WriteValue(writer, readable.Instance);
            return;
        }

        writer.WriteStartObject();
        var cursor = readable.GetCursor();
        while (cursor.MoveNext())
        {
            JsonPairWriter.Write(writer, cursor.CurrentKey, cursor.EncodedKey, cursor.CurrentField);
        }

        writer.WriteEndObject();
    }

    private static void WriteFrames(Utf8JsonWriter writer, ContextFrame frame)
    {
        writer.WriteStartObject();
        var pairs = new JsonPairWriter(writer);
        frame.ForEach(ref pairs);
        writer.WriteEndObject();
    }

    private static JsonElement Required(JsonElement element, string name, JsonValueKind kind)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            throw new JsonException($"The event has no '{name}'.");
        }

        return value.ValueKind == kind ? value : throw new JsonException($"The event's '{name}' must be a JSON {kind}, not {value.ValueKind}.");
    }

    private static object? Optional(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object
            ? EventValues.Normalize(value, 0)
            : throw new JsonException($"The event's '{name}' must be a JSON object, not {value.ValueKind}.");
    }
}
