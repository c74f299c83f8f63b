using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text.Json;

namespace EventTracking;

/// <summary>Builds the request body: a JSON array of canonical events, gzip-compressed on request.</summary>
internal static class EventBatchBody
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>Serializes a batch once into a re-readable content, so every retry sends the same bytes.</summary>
    /// <param name="batch">The events; their ids travel with them so the receiver can de-duplicate a retried batch.</param>
    /// <param name="gzip">Whether to compress the body.</param>
    public static ByteArrayContent Create(IReadOnlyList<TrackingEvent> batch, bool gzip)
    {
        var output = new MemoryStream();
        using (var compressor = gzip ? new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true) : null)
        using (var writer = new Utf8JsonWriter((Stream?)compressor ?? output, EventJson.WriterOptions))
        {
            writer.WriteStartArray();
            foreach (var evt in batch)
            {
                EventJson.Write(writer, evt);
            }

            writer.WriteEndArray();
        }

        var content = new ByteArrayContent(output.GetBuffer(), 0, (int)output.Length);
        content.Headers.ContentType = Json;
        if (gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        return content;
    }
}
