using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace EventTracking.Collector.Tests.Support;

/// <summary>Request bodies and requests for collector tests.</summary>
internal static class Bodies
{
    public static string Event(string name = "game.level.start", Guid? id = null, string? timestamp = "2026-11-23T12:00:00.123456+00:00", string data = """{"level":1}""", string context = """{"user_id":"u1"}""")
    {
        var idPart = id is { } guid ? $"\"id\":\"{guid}\"," : string.Empty;
        var timestampPart = timestamp is null ? string.Empty : $"\"timestamp\":\"{timestamp}\",";
        return $$"""{{{idPart}}"name":{{JsonSerializer.Serialize(name)}},{{timestampPart}}"context":{{context}},"data":{{data}}}""";
    }

    public static string Batch(params string[] events) => "[" + string.Join(",", events) + "]";

    public static string Batch(int count) => Batch([.. Enumerable.Range(0, count).Select(_ => Event(id: Guid.CreateVersion7()))]);

    /// <summary>A native request with the key in X-Api-Key.</summary>
    public static HttpRequestMessage Native(string body, string? key = CollectorTestHost.MobileKey, string contentType = "application/json") =>
        Native(Encoding.UTF8.GetBytes(body), key, contentType);

    public static HttpRequestMessage Native(byte[] body, string? key = CollectorTestHost.MobileKey, string? contentType = "application/json", bool gzip = false)
    {
        var content = new ByteArrayContent(gzip ? Gzip(body) : body);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = content };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return request;
    }

    public static byte[] Gzip(byte[] body)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(body);
        }

        return output.ToArray();
    }

    /// <summary>One Pycolytics event as the Godot addon's <c>PycoEvent.to_json()</c> writes it: all eight keys, in this order, no spaces.</summary>
    public static string Pyco(string eventType = "startup", string apiKey = CollectorTestHost.MobileKey, string value = "{}", string version = "1.0") =>
        $$"""{"event_type":{{JsonSerializer.Serialize(eventType)}},"application":"My Game","version":{{JsonSerializer.Serialize(version)}},"platform":"Linux","user_id":"a1b2c3d4","session_id":"5e6f7a8b9c0d","value":{{value}},"api_key":{{JsonSerializer.Serialize(apiKey)}}}""";

    /// <summary>The addon's batch body: <c>"[" + ",".join(queue) + "]"</c>.</summary>
    public static string PycoBatch(params string[] events) => "[" + string.Join(",", events) + "]";
}
