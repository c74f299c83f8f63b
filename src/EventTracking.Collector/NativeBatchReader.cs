using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace EventTracking.Collector;

/// <summary>
/// Validates a native request body (a JSON array of canonical events, or one event object) against every limit and
/// builds the events, all before anything is delivered: one invalid event rejects the whole batch.
/// </summary>
internal static class NativeBatchReader
{
    private static readonly object True = true;
    private static readonly object False = false;

    public static (IReadOnlyList<TrackingEvent>? Events, CollectorError? Error) Read(ReadOnlyMemory<byte> body, EventCollectorOptions options, CollectorFields fields)
    {
        body = CollectorJson.WithoutByteOrderMark(body);
        JsonDocument document;
        try
        {
            document = CollectorJson.Parse(body, options.MaxDepth);
        }
        catch (JsonException ex)
        {
            return (null, CollectorJson.NestsDeeperThan(body.Span, options.MaxDepth)
                ? Bad($"The body nests deeper than {options.MaxDepth} levels.")
                : Bad($"The body is not valid JSON: {Describe(ex)}"));
        }

        using (document)
        {
            var root = document.RootElement;
            JsonElement[] elements;
            switch (root.ValueKind)
            {
                case JsonValueKind.Array:
                    var count = root.GetArrayLength();
                    if (count > options.MaxBatchSize)
                    {
                        return (null, Bad($"The batch holds {count} events; at most {options.MaxBatchSize} are accepted per request."));
                    }

                    elements = new JsonElement[count];
                    var at = 0;
                    foreach (var element in root.EnumerateArray())
                    {
                        elements[at++] = element;
                    }

                    break;
                case JsonValueKind.Object:
                    elements = [root];
                    break;
                default:
                    return (null, Bad($"The body must be a JSON array of events or one event object, not {root.ValueKind}."));
            }

            var events = new TrackingEvent[elements.Length];
            for (var i = 0; i < elements.Length; i++)
            {
                var (evt, error) = ReadEvent(elements[i], i, options, fields);
                if (error is not null)
                {
                    return (null, error);
                }

                events[i] = evt!;
            }

            return (events, null);
        }
    }

    private static (TrackingEvent? Event, CollectorError? Error) ReadEvent(JsonElement element, int index, EventCollectorOptions options, CollectorFields fields)
    {
        var size = JsonMarshal.GetRawUtf8Value(element).Length;
        if (size > options.MaxEventSize)
        {
            return (null, Bad($"Event {index} is {size} bytes; an event may be at most {options.MaxEventSize} bytes.", index));
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return (null, Bad($"Event {index} must be a JSON object, not {element.ValueKind}.", index));
        }

        try
        {
            if (!element.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
            {
                return (null, Bad($"Event {index} needs a 'name' string.", index));
            }

            var name = nameElement.GetString()!;
            if (string.IsNullOrWhiteSpace(name))
            {
                return (null, Bad($"Event {index} has an empty 'name'.", index));
            }

            if (name.Length > options.MaxNameLength)
            {
                return (null, Bad($"Event {index}'s name is {name.Length} characters; a name may be at most {options.MaxNameLength}.", index));
            }

            if (EventNames.Describe(name) is { } badName)
            {
                return (null, Bad($"Event {index} is not valid: {badName}.", index));
            }

            var timestamp = fields.ReceivedAt;
            if (Optional(element, "timestamp") is { } timestampElement)
            {
                if (timestampElement.ValueKind != JsonValueKind.String)
                {
                    return (null, Bad($"Event {index}'s 'timestamp' must be an ISO 8601 string.", index));
                }

                timestamp = ReadTimestamp(timestampElement);
            }

            Guid id;
            if (Optional(element, "id") is { } idElement)
            {
                if (idElement.ValueKind != JsonValueKind.String || !idElement.TryGetGuid(out id))
                {
                    return (null, Bad($"Event {index}'s 'id' must be a GUID string.", index));
                }
            }
            else
            {
                // Version 7 ids cannot encode times before 1970; such an event gets an id of its arrival.
                id = EventIds.NewId(timestamp >= DateTimeOffset.UnixEpoch ? timestamp : fields.ReceivedAt);
            }

            // The client's context then the collector's fields, as pairs the event's constructor normalizes in one pass
            // into the dictionary the event keeps (a repeated key keeps its last value, so the collector's fields win).
            KeyValuePair<string, object?>[] context;
            if (Optional(element, "context") is { } contextElement)
            {
                if (contextElement.ValueKind != JsonValueKind.Object)
                {
                    return (null, Bad($"Event {index}'s 'context' must be a JSON object.", index));
                }

                context = new KeyValuePair<string, object?>[contextElement.GetPropertyCount() + CollectorFields.Count];
                var at = 0;
                foreach (var property in contextElement.EnumerateObject())
                {
                    context[at++] = new(property.Name, ContextValue(property.Value));
                }
            }
            else
            {
                context = new KeyValuePair<string, object?>[CollectorFields.Count];
            }

            fields.CopyTo(context);

            var data = Optional(element, "data");
            if (data is { ValueKind: not JsonValueKind.Object })
            {
                return (null, Bad($"Event {index}'s 'data' must be a JSON object.", index));
            }

            // The constructor normalizes context and data now, so nothing refers to the document once it is disposed; a
            // number beyond a double's range is refused there (JsonException, answered below).
            return (new TrackingEvent(id, name, timestamp, context, data), null);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            // Text that JSON allows but .NET strings cannot hold (a lone surrogate escape), or an unreadable timestamp.
            return (null, Bad($"Event {index} is not valid: {ex.Message}", index));
        }
    }

    // Strings, booleans and null are what the event would hold anyway, so they are read here rather than boxed as
    // elements for the event's constructor to read again; numbers, objects and arrays are left to its JSON rules.
    private static object? ContextValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => True,
        JsonValueKind.False => False,
        JsonValueKind.Null => null,
        _ => value,
    };

    // A timestamp with an explicit offset (the canonical form ends in +00:00) is read by the JSON reader's ISO 8601
    // parser without a string; anything else (no offset, which means UTC here, or another format) by ParseTimestamp.
    private static DateTimeOffset ReadTimestamp(JsonElement element)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        return raw.Length > 8 && HasOffset(raw[..^1]) && element.TryGetDateTimeOffset(out var value)
            ? value.ToUniversalTime()
            : EventJson.ParseTimestamp(element.GetString()!);
    }

    private static bool HasOffset(ReadOnlySpan<byte> text) =>
        text[^1] == (byte)'Z'
        || (text[^6] is (byte)'+' or (byte)'-' && text[^3] == (byte)':' && char.IsAsciiDigit((char)text[^5]) && char.IsAsciiDigit((char)text[^4])
            && char.IsAsciiDigit((char)text[^2]) && char.IsAsciiDigit((char)text[^1]));

    private static JsonElement? Optional(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static CollectorError Bad(string detail, int? index = null) => new(StatusCodes.Status400BadRequest, detail, index);

    private static string Describe(JsonException ex)
    {
        // The reader's messages end with the position; keep the sentence and say where in our own words.
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? $"{message[..cut]} (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})" : message;
    }
}
