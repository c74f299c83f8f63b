using System.Text.Json;

namespace EventTracking.Collector;

/// <summary>JSON parsing shared by the collector's surfaces: a byte-order mark is skipped and nesting is bounded.</summary>
internal static class CollectorJson
{
    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    public static ReadOnlyMemory<byte> WithoutByteOrderMark(ReadOnlyMemory<byte> json) =>
        json.Span.StartsWith(ByteOrderMark) ? json[ByteOrderMark.Length..] : json;

    /// <summary>Parses a body; the document may nest <paramref name="maxDepth"/> containers deep, counting the outermost.</summary>
    /// <exception cref="JsonException">The body is not JSON, or nests deeper (see <see cref="NestsDeeperThan"/>).</exception>
    public static JsonDocument Parse(ReadOnlyMemory<byte> json, int maxDepth) =>
        JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = maxDepth });

    /// <summary>
    /// Whether a string or a property name of well-formed JSON holds a <c>\u</c> escape that is not valid UTF-16 (a lone
    /// surrogate such as <c>"\ud800"</c>). JSON allows it, but .NET strings cannot be read from it: looking up a property
    /// next to such a name throws <see cref="InvalidOperationException"/>, so a surface refuses the body first.
    /// </summary>
    /// <param name="json">UTF-8 JSON that has already parsed, with or without a byte-order mark.</param>
    public static bool HoldsInvalidUtf16(ReadOnlySpan<byte> json)
    {
        if (json.StartsWith(ByteOrderMark))
        {
            json = json[ByteOrderMark.Length..];
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = int.MaxValue / 2 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    _ = reader.GetString();
                }
            }
        }
        catch (InvalidOperationException)
        {
            return true;
        }

        return false;
    }

    /// <summary>
    /// The first number in <paramref name="json"/> that a double cannot hold (<c>1e400</c>), as written, or
    /// <see langword="null"/>. Event values keep numbers as doubles, so such a number would be stored as the text
    /// "Infinity": a surface refuses it instead. Integers beyond a long but within a double's range are kept as doubles.
    /// </summary>
    /// <param name="json">The UTF-8 JSON of one value that has already parsed.</param>
    public static string? NumberBeyondDouble(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = int.MaxValue / 2 });
        while (reader.Read())
        {
            // Only a number with an exponent or more than 308 digits can be out of range.
            if (reader.TokenType == JsonTokenType.Number
                && (reader.ValueSpan.Length > 308 || reader.ValueSpan.IndexOfAny((byte)'e', (byte)'E') >= 0)
                && !(reader.TryGetDouble(out var number) && double.IsFinite(number)))
            {
                var text = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                return text.Length > 40 ? text[..40] + "…" : text;
            }
        }

        return null;
    }

    /// <summary>Whether the text opens more than <paramref name="maxDepth"/> nested containers before it turns invalid, if it does.</summary>
    public static bool NestsDeeperThan(ReadOnlySpan<byte> json, int maxDepth)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth + 1 });
        try
        {
            while (reader.Read())
            {
                // The outermost container's token is at depth 0, so container number n sits at depth n - 1.
                if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject && reader.CurrentDepth >= maxDepth)
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            // Invalid before it got too deep.
        }

        return false;
    }
}
