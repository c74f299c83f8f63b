using System.Text.Json;

namespace EventTracking.Collector;

/// <summary>
/// Turns a Papika <c>detail</c> text and the fields around it into a <see cref="TrackingEvent"/>'s data and context.
/// </summary>
/// <remarks>
/// A <c>detail</c> that is a JSON object becomes the data itself, so <c>{"level":3}</c> is read back as
/// <c>data.level</c>. Anything else is kept whole under <c>data.detail</c>: other JSON (an array, a string, a number) as
/// its parsed value, text that is not JSON as the text, and an object that uses one of Papika's own data keys
/// (<c>detail</c>, <c>session_sequence_index</c>, <c>task_start</c>, <c>task_event</c>) as the object, so nothing the
/// client sent is overwritten.
/// </remarks>
internal static class PapikaEventData
{
    private static readonly HashSet<string> ReservedKeys = ["detail", "session_sequence_index", "task_start", "task_event"];

    /// <summary>Builds the event; <paramref name="addFields"/> adds Papika's own data fields after the detail's.</summary>
    public static TrackingEvent Create(
        Guid id,
        string name,
        DateTimeOffset timestamp,
        Dictionary<string, object?> context,
        string detail,
        int maxDepth,
        Action<Dictionary<string, object?>>? addFields = null)
    {
        // JSON that event values cannot hold exactly (a lone surrogate escape, a number beyond double) is kept as its text.
        using var document = TryParse(detail, maxDepth);
        var parsed = document is not null && Representable(document.RootElement) ? document.RootElement : (JsonElement?)null;
        return new TrackingEvent(id, name, timestamp, context, Data(parsed, detail, addFields));
    }

    /// <summary>The context of an event of <paramref name="session"/>: who, which build, the client's clock, and the collector's fields.</summary>
    public static Dictionary<string, object?> Context(PapikaSession session, PapikaClientTime clientTime, CollectorFields fields)
    {
        var context = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["session_id"] = session.Id.ToString("D"),
            ["user_id"] = session.UserId.ToString("D"),
            ["release_id"] = session.ReleaseId.ToString("D"),
            ["library_revid"] = session.LibraryRevid,
            ["client_time"] = clientTime.Normalized,
        };
        return fields.ApplyTo(context);
    }

    private static Dictionary<string, object?> Data(JsonElement? parsed, string detail, Action<Dictionary<string, object?>>? addFields)
    {
        var data = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (parsed is { ValueKind: JsonValueKind.Object } obj && !obj.EnumerateObject().Any(p => ReservedKeys.Contains(p.Name)))
        {
            foreach (var property in obj.EnumerateObject())
            {
                data[property.Name] = property.Value;
            }
        }
        else
        {
            data["detail"] = parsed is { } value ? value : detail;
        }

        addFields?.Invoke(data);
        return data;
    }

    private static bool Representable(JsonElement element)
    {
        try
        {
            return element.ValueKind switch
            {
                JsonValueKind.Object => element.EnumerateObject().All(p => p.Name is not null && Representable(p.Value)),
                JsonValueKind.Array => element.EnumerateArray().All(Representable),
                JsonValueKind.String => element.GetString() is not null,
                JsonValueKind.Number => element.TryGetInt64(out _) || double.IsFinite(element.GetDouble()),
                _ => true,
            };
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static JsonDocument? TryParse(string detail, int maxDepth)
    {
        try
        {
            return JsonDocument.Parse(detail, new JsonDocumentOptions { MaxDepth = maxDepth });
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
