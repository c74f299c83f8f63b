using System.Runtime.InteropServices;
using System.Text.Json;

namespace EventTracking.Collector;

/// <summary>
/// Validates parsed Pycolytics events the way the original server's FastAPI and pydantic models did, and builds the
/// events. Fields are checked in the model's order (<c>event_type</c>, <c>application</c>, <c>version</c>,
/// <c>platform</c>, <c>user_id</c>, <c>session_id</c>, <c>value</c>, <c>api_key</c>); errors of every element are
/// collected, but a bad or missing key stops at once with 401, as the original's key validator did by raising.
/// </summary>
internal static class PycolyticsValidator
{
    private const string EventType = "event_type";

    private static readonly string[] ContextFields = ["application", "version", "platform", "user_id", "session_id"];

    public static PycolyticsBatch Validate(JsonElement root, bool batch, CollectorIngestion ingestion, CollectorFields fields)
    {
        var options = ingestion.Options;
        var errors = new List<PycolyticsError>();
        JsonElement[] elements;
        if (batch)
        {
            if (root.ValueKind != JsonValueKind.Array)
            {
                return Failed([PycolyticsError.ListType(["body"], root, null)]);
            }

            var count = root.GetArrayLength();
            if (count > options.MaxBatchSize)
            {
                return Failed([PycolyticsError.TooLong(["body"], root, options.MaxBatchSize, count)]);
            }

            elements = [.. root.EnumerateArray()];
        }
        else
        {
            elements = [root];
        }

        var events = new List<TrackingEvent>(elements.Length);
        var perKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var anonymous = 0;
        string? badName = null;
        for (var i = 0; i < elements.Length; i++)
        {
            object[] loc = batch ? ["body", i] : ["body"];
            var errorsBefore = errors.Count;
            var element = elements[i];
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors.Add(PycolyticsError.ModelAttributesType(loc, element, null));
                continue;
            }

            var properties = Properties(element);
            var size = JsonMarshal.GetRawUtf8Value(element).Length;
            if (size > options.MaxEventSize)
            {
                errors.Add(PycolyticsError.ValueError(loc, element, $"the event is {size} bytes; an event may be at most {options.MaxEventSize} bytes"));
            }

            var name = RequiredString(element, properties, EventType, loc, errors);
            if (name is not null && name.Length > options.MaxNameLength)
            {
                errors.Add(PycolyticsError.StringTooLong(At(loc, EventType), properties[EventType], options.MaxNameLength));
            }

            if (name is not null && badName is null && EventNames.Describe(name) is { } problem)
            {
                badName = $"{string.Join('.', loc)}.{EventType}: {problem}";
            }

            var context = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var field in ContextFields)
            {
                context[field] = RequiredString(element, properties, field, loc, errors);
            }

            JsonElement? value = null;
            if (properties.TryGetValue("value", out var valueElement))
            {
                if (valueElement.ValueKind == JsonValueKind.Object)
                {
                    value = valueElement;
                }
                else
                {
                    errors.Add(PycolyticsError.DictType(At(loc, "value"), valueElement));
                }
            }

            if (!CheckKey(properties, loc, ingestion, errors, out var keyName))
            {
                return new PycolyticsBatch(true, [], [], []);
            }

            if (errors.Count > errorsBefore)
            {
                continue;
            }

            if (Build(name!, context, value, element, fields with { KeyName = keyName }, loc, errors) is { } evt)
            {
                events.Add(evt);
                if (keyName is null)
                {
                    anonymous++;
                }
                else
                {
                    perKey[keyName] = perKey.GetValueOrDefault(keyName) + 1;
                }
            }
        }

        if (badName is not null)
        {
            return new PycolyticsBatch(false, [], [], [], badName);
        }

        if (errors.Count > 0)
        {
            return Failed(errors);
        }

        var counts = perKey.Select(k => new KeyValuePair<string?, int>(k.Key, k.Value)).ToList();
        if (anonymous > 0)
        {
            counts.Add(new(null, anonymous));
        }

        return new PycolyticsBatch(false, [], events, counts);
    }

    private static PycolyticsBatch Failed(IReadOnlyList<PycolyticsError> errors) => new(false, errors, [], []);

    private static object[] At(object[] loc, string field) => [.. loc, field];

    /// <summary>
    /// The object's members by name, the last of duplicates winning as in Python. A name that .NET strings cannot hold
    /// (a lone surrogate escape) cannot be one of the model's fields, so it is skipped like any unknown field.
    /// </summary>
    private static Dictionary<string, JsonElement> Properties(JsonElement element)
    {
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            string name;
            try
            {
                name = property.Name;
            }
            catch (InvalidOperationException)
            {
                continue;
            }

            properties[name] = property.Value;
        }

        return properties;
    }

    private static string? RequiredString(JsonElement element, Dictionary<string, JsonElement> properties, string field, object[] loc, List<PycolyticsError> errors)
    {
        if (!properties.TryGetValue(field, out var value))
        {
            errors.Add(PycolyticsError.Missing(At(loc, field), element));
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(PycolyticsError.StringType(At(loc, field), value));
            return null;
        }

        if (!TryGetString(value, out var text))
        {
            errors.Add(PycolyticsError.StringUnicode(At(loc, field), value));
        }

        return text;
    }

    /// <summary>The original's key validator raised 401 from inside validation, so a bad key ends validation there.</summary>
    /// <returns>Whether validation goes on; <paramref name="keyName"/> is the accepted key's name (null when anonymous).</returns>
    private static bool CheckKey(Dictionary<string, JsonElement> properties, object[] loc, CollectorIngestion ingestion, List<PycolyticsError> errors, out string? keyName)
    {
        keyName = null;
        if (!properties.TryGetValue("api_key", out var key))
        {
            return ingestion.Options.Pycolytics.AllowMissingApiKey || ingestion.Options.AllowAnonymous;
        }

        if (key.ValueKind != JsonValueKind.String)
        {
            errors.Add(PycolyticsError.StringType(At(loc, "api_key"), key));
            return true;
        }

        if (!TryGetString(key, out var text))
        {
            return false;
        }

        keyName = ingestion.Keys.Find(text!);
        return keyName is not null;
    }

    private static TrackingEvent? Build(string name, Dictionary<string, object?> context, JsonElement? value, JsonElement element, CollectorFields fields, object[] loc, List<PycolyticsError> errors)
    {
        try
        {
            // Several events of one request share its arrival time; each still gets its own time-ordered id.
            return new TrackingEvent(EventIds.NewId(fields.ReceivedAt), name, fields.ReceivedAt, fields.ApplyTo(context), value);
        }
        catch (JsonException ex)
        {
            // Core decides what an event may hold, as for every surface: a number beyond a double's range, which would
            // be stored as the text "Infinity", is refused there ("it holds the number 1e400, …").
            errors.Add(PycolyticsError.ValueError(At(loc, "value"), value ?? element, "the value is not valid: " + ex.Message.TrimEnd('.')));
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // JSON that .NET strings cannot hold, such as a lone surrogate escape inside "value".
            errors.Add(PycolyticsError.ValueError(At(loc, "value"), value ?? element, "the value holds text that is not valid Unicode"));
            return null;
        }
    }

    private static bool TryGetString(JsonElement element, out string? text)
    {
        try
        {
            text = element.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            text = null;
            return false;
        }
    }
}
