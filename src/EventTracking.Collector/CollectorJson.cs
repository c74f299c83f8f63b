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
