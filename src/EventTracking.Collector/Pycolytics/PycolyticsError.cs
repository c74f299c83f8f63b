using System.Text.Json;

namespace EventTracking.Collector;

/// <summary>
/// One entry of a FastAPI 422 body, written with the keys in FastAPI's order: <c>type</c>, <c>loc</c>, <c>msg</c>,
/// <c>input</c>, then <c>ctx</c> when there is one.
/// </summary>
internal sealed class PycolyticsError
{
    private readonly JsonElement? _input;
    private readonly string? _textInput;
    private readonly bool _emptyObjectInput;

    private PycolyticsError(string type, object[] loc, string msg, JsonElement? input, string? textInput, bool emptyObjectInput, (string Key, object Value)[] ctx)
    {
        Type = type;
        Loc = loc;
        Msg = msg;
        _input = input;
        _textInput = textInput;
        _emptyObjectInput = emptyObjectInput;
        Ctx = ctx;
    }

    public string Type { get; }

    /// <summary>Where: <c>"body"</c>, then element indexes and field names.</summary>
    public object[] Loc { get; }

    public string Msg { get; }

    public (string Key, object Value)[] Ctx { get; }

    public static PycolyticsError Missing(object[] loc, JsonElement? input) => new("missing", loc, "Field required", input, null, false, []);

    public static PycolyticsError StringType(object[] loc, JsonElement input) => new("string_type", loc, "Input should be a valid string", input, null, false, []);

    public static PycolyticsError StringUnicode(object[] loc, JsonElement input) =>
        new("string_unicode", loc, "Input should be a valid string, unable to parse raw data as a unicode string", input, null, false, []);

    public static PycolyticsError StringTooLong(object[] loc, JsonElement input, int maxLength) =>
        new("string_too_long", loc, $"String should have at most {maxLength} characters", input, null, false, [("max_length", maxLength)]);

    public static PycolyticsError DictType(object[] loc, JsonElement input) => new("dict_type", loc, "Input should be a valid dictionary", input, null, false, []);

    public static PycolyticsError ListType(object[] loc, JsonElement? input, string? textInput) => new("list_type", loc, "Input should be a valid list", input, textInput, false, []);

    public static PycolyticsError ModelAttributesType(object[] loc, JsonElement? input, string? textInput) =>
        new("model_attributes_type", loc, "Input should be a valid dictionary or object to extract fields from", input, textInput, false, []);

    public static PycolyticsError TooLong(object[] loc, JsonElement input, int maxLength, int actualLength) =>
        new("too_long", loc, $"List should have at most {maxLength} items after validation, not {actualLength}", input, null, false,
            [("field_type", "List"), ("max_length", maxLength), ("actual_length", actualLength)]);

    public static PycolyticsError ValueError(object[] loc, JsonElement input, string reason) =>
        new("value_error", loc, $"Value error, {reason}", input, null, false, [("error", reason)]);

    public static PycolyticsError JsonInvalid(long position, string reason) =>
        new("json_invalid", ["body", position], "JSON decode error", null, null, true, [("error", reason)]);

    /// <summary>Writes the entry; without <paramref name="echoInput"/> the input is written as null.</summary>
    public void WriteTo(Utf8JsonWriter writer, bool echoInput = true)
    {
        writer.WriteStartObject();
        writer.WriteString("type", Type);
        writer.WriteStartArray("loc");
        foreach (var part in Loc)
        {
            WriteScalar(writer, part);
        }

        writer.WriteEndArray();
        writer.WriteString("msg", Msg);
        writer.WritePropertyName("input");
        if (!echoInput)
        {
            writer.WriteNullValue();
        }
        else if (_input is { } input)
        {
            input.WriteTo(writer);
        }
        else if (_textInput is not null)
        {
            writer.WriteStringValue(_textInput);
        }
        else if (_emptyObjectInput)
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNullValue();
        }

        if (Ctx.Length > 0)
        {
            writer.WriteStartObject("ctx");
            foreach (var (key, value) in Ctx)
            {
                writer.WritePropertyName(key);
                WriteScalar(writer, value);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteScalar(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            default: writer.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)); break;
        }
    }
}
