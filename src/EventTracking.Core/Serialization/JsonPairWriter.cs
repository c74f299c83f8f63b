using System.Text.Json;

namespace EventTracking;

/// <summary>Writes key/value pairs met in place (a merged context, a flat anonymous object) as JSON properties.</summary>
internal readonly struct JsonPairWriter(Utf8JsonWriter writer) : IPairVisitor
{
    /// <inheritdoc />
    public void Visit(string key, JsonEncodedText? encodedKey, FieldValue value) => Write(writer, key, encodedKey, value);

    /// <summary>Writes one pair; a flat anonymous object's property names come encoded once per type, and its scalars unboxed.</summary>
    public static void Write(Utf8JsonWriter writer, string key, JsonEncodedText? encodedKey, FieldValue value)
    {
        if (encodedKey is { } encoded)
        {
            writer.WritePropertyName(encoded);
        }
        else
        {
            writer.WritePropertyName(key);
        }

        if (!value.TryWrite(writer))
        {
            EventJson.WriteValue(writer, value.Value);
        }
    }
}
