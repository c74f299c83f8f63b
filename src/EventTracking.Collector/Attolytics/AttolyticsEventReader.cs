using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace EventTracking.Collector;

/// <summary>
/// Turns the <c>events</c> array into <see cref="TrackingEvent"/>s, checking everything before building anything:
/// first every event's table, in order (400 for an event that is not an object or lacks a string <c>_t</c>, 404 for a
/// table the app may not write), then every event's columns, in order (400 for a value that cannot be stored).
/// </summary>
internal static class AttolyticsEventReader
{
    public const string TableKey = "_t";

    /// <summary>The context field naming the app that sent the event.</summary>
    public const string AppField = "attolytics_app";

    /// <summary>Checks and converts the events; exactly one of the results is set.</summary>
    /// <param name="events">The <c>events</c> array.</param>
    /// <param name="app">The app that sent them.</param>
    /// <param name="schema">The schema, for the header names that take part in event ids.</param>
    /// <param name="headers">The request's headers, for header columns.</param>
    /// <param name="fields">The collector's fields for this request: receive time, client address, key name (the app id).</param>
    public static (IReadOnlyList<TrackingEvent>? Events, AttolyticsRefusal? Refusal) Read(
        JsonElement events, AttolyticsApp app, AttolyticsSchema schema, IHeaderDictionary headers, CollectorFields fields)
    {
        var count = events.GetArrayLength();
        var tables = new AttolyticsTable[count];
        var values = new Dictionary<string, JsonElement>[count];
        var index = 0;
        foreach (var element in events.EnumerateArray())
        {
            if (Table(element, index, app, out values[index]) is { } refusal)
            {
                return (null, refusal);
            }

            tables[index] = app.Tables[values[index][TableKey].GetString()!];
            index++;
        }

        var data = new Dictionary<string, object?>[count];
        for (var i = 0; i < count; i++)
        {
            data[i] = new Dictionary<string, object?>(tables[i].Columns.Count, StringComparer.Ordinal);
            foreach (var column in tables[i].Columns)
            {
                object? converted;
                string? failure;
                if (column.Header is { } header)
                {
                    var headerValue = HeaderValue(headers, header);
                    converted = headerValue;
                    failure = AttolyticsConverter.TryConvertHeader(column, headerValue);
                }
                else
                {
                    failure = AttolyticsConverter.TryConvert(column, values[i].TryGetValue(column.Name, out var value) ? value : null, out converted);
                }

                if (failure is not null)
                {
                    return (null, new AttolyticsRefusal(StatusCodes.Status400BadRequest, $"Event {i}: {failure}."));
                }

                data[i][column.Name] = converted;
            }
        }

        var digest = AttolyticsEventIds.Digest(app.Id, schema.HeaderNames.Select(h => HeaderValue(headers, h)), events);
        var built = new TrackingEvent[count];
        for (var i = 0; i < count; i++)
        {
            built[i] = new TrackingEvent(AttolyticsEventIds.ForEvent(digest, i), tables[i].Name, fields.ReceivedAt, Context(app, fields), data[i]);
        }

        return (built, null);
    }

    /// <summary>The app that sent the event, beneath the collector's own fields.</summary>
    private static Dictionary<string, object?> Context(AttolyticsApp app, CollectorFields fields) =>
        fields.ApplyTo(new Dictionary<string, object?>(StringComparer.Ordinal) { [AppField] = app.Id });

    private static AttolyticsRefusal? Table(JsonElement element, int index, AttolyticsApp app, out Dictionary<string, JsonElement> values)
    {
        values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (element.ValueKind != JsonValueKind.Object)
        {
            return new AttolyticsRefusal(StatusCodes.Status400BadRequest, $"Event {index} is not a JSON object.");
        }

        // As in serde_json, the last of duplicate keys wins.
        foreach (var property in element.EnumerateObject())
        {
            values[property.Name] = property.Value;
        }

        if (!values.TryGetValue(TableKey, out var table) || table.ValueKind != JsonValueKind.String)
        {
            return new AttolyticsRefusal(StatusCodes.Status400BadRequest, $"Event {index} has no string \"{TableKey}\" naming its table.");
        }

        var name = table.GetString()!;
        return app.Tables.ContainsKey(name)
            ? null
            : new AttolyticsRefusal(StatusCodes.Status404NotFound, $"Event {index}: app '{app.Id}' may not write table '{name}'.");
    }

    private static string? HeaderValue(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
}
