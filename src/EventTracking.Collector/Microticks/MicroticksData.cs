using System.Text.Json;

namespace EventTracking.Collector;

/// <summary>
/// Turns the form's <c>data</c> string into event data: a JSON object becomes the data itself; any other JSON value
/// (array, string, number, …) becomes <c>{"value": …}</c>; anything else, including JSON too deep or with numbers no
/// double can hold, is kept as the string in <c>{"value": "…"}</c>. <see cref="Format"/> records which, so the read
/// routes can give the client back what it sent.
/// </summary>
internal sealed record MicroticksData(IReadOnlyDictionary<string, object?> Values, string Format)
{
    /// <summary><c>data</c> was a JSON object, stored as the event's data.</summary>
    public const string ObjectFormat = "object";

    /// <summary><c>data</c> was another JSON value, stored parsed under <c>value</c>.</summary>
    public const string JsonFormat = "json";

    /// <summary><c>data</c> was not JSON, stored as a string under <c>value</c>.</summary>
    public const string TextFormat = "text";

    public const string ValueField = "value";

    public static MicroticksData Parse(string raw, int maxDepth)
    {
        try
        {
            using var document = JsonDocument.Parse(raw, new JsonDocumentOptions { MaxDepth = maxDepth });
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                ? new MicroticksData(ReadObject(root), ObjectFormat)
                : new MicroticksData(Wrap(ReadValue(root)), JsonFormat);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            // Not JSON, too deep, a number beyond double, or an escaped lone surrogate: keep what the client sent.
            return new MicroticksData(Wrap(raw), TextFormat);
        }
    }

    private static Dictionary<string, object?> Wrap(object? value) => new(StringComparer.Ordinal) { [ValueField] = value };

    private static object? ReadValue(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => ReadObject(element),
        JsonValueKind.Array => element.EnumerateArray().Select(ReadValue).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number when element.TryGetInt64(out var integer) => integer,
        JsonValueKind.Number when element.TryGetDouble(out var real) && double.IsFinite(real) => real,
        JsonValueKind.Number => throw new FormatException("The number cannot be held by a double."),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static Dictionary<string, object?> ReadObject(JsonElement element)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            values[property.Name] = ReadValue(property.Value);
        }

        return values;
    }
}
