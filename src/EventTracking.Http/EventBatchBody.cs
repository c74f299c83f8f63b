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

    /// <summary>Serializes each event on its own, so a batch can be cut into requests that fit the collector's limits.</summary>
    public static byte[][] SerializeEach(IReadOnlyList<TrackingEvent> batch)
    {
        var items = new byte[batch.Count][];
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using var writer = new Utf8JsonWriter(buffer, EventJson.WriterOptions);
        for (var i = 0; i < batch.Count; i++)
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            EventJson.Write(writer, batch[i]);
            writer.Flush();
            items[i] = buffer.WrittenSpan.ToArray();
        }

        return items;
    }

    /// <summary>The body's size before compression: the events, the commas between them and the brackets.</summary>
    public static long Size(IReadOnlyList<int> indices, byte[][] items)
    {
        long size = 2 + Math.Max(0, indices.Count - 1);
        foreach (var i in indices)
        {
            size += items[i].Length;
        }

        return size;
    }

    /// <summary>A JSON array of already serialized events, gzip-compressed on request.</summary>
    public static ByteArrayContent Create(IReadOnlyList<int> indices, byte[][] items, bool gzip)
    {
        var output = new MemoryStream();
        using (var compressor = gzip ? new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true) : null)
        {
            var target = (Stream?)compressor ?? output;
            target.WriteByte((byte)'[');
            for (var n = 0; n < indices.Count; n++)
            {
                if (n > 0)
                {
                    target.WriteByte((byte)',');
                }

                target.Write(items[indices[n]]);
            }

            target.WriteByte((byte)']');
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
