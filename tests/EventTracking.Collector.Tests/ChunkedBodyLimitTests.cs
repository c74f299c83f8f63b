using System.Net;
using System.Text;
using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests;

/// <summary>The body limit counts the body's own bytes, the same with Content-Length and with chunked transfer.</summary>
public sealed class ChunkedBodyLimitTests
{
    [TestCase(false, HttpStatusCode.OK)]
    [TestCase(true, HttpStatusCode.OK)]
    public async Task ABodyOfExactlyTheDefaultMebibyteIsAcceptedEitherWay(bool chunked, HttpStatusCode expected)
    {
        await using var collector = await CollectorTestHost.StartAsync();
        var body = BodyOf(1024 * 1024);

        using var response = await collector.Client.SendAsync(Request(body, chunked));

        Assert.That(response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
        Assert.That(collector.CountStored(), Is.EqualTo(1024 * 1024 / 16_000));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task OneByteMoreIsA413EitherWayAndNothingIsStored(bool chunked)
    {
        await using var collector = await CollectorTestHost.StartAsync();
        var body = BodyOf((1024 * 1024) + 1);

        using var response = await collector.Client.SendAsync(Request(body, chunked));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(collector.CountStored(), Is.Zero);
    }

    [Test]
    public async Task ManySmallChunksAtTheLimitAreAccepted()
    {
        await using var collector = await CollectorTestHost.StartAsync(h => h.Collector(o => o.MaxRequestBodySize = 10_000));
        var body = BodyOf(10_000);
        var chunks = new StringBuilder();
        for (var i = 0; i < body.Length; i += 7)
        {
            var size = Math.Min(7, body.Length - i);
            chunks.Append($"{size:x}\r\n").Append(Encoding.ASCII.GetString(body, i, size)).Append("\r\n");
        }

        chunks.Append("0\r\n\r\n");
        var head = $"POST /api/events HTTP/1.1\r\nHost: {collector.BaseAddress.Authority}\r\nContent-Type: application/json\r\n"
            + $"X-Api-Key: {CollectorTestHost.MobileKey}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";

        var response = await RawHttp.SendAsync(collector.BaseAddress, Encoding.ASCII.GetBytes(head + chunks));

        Assert.That(response.Status, Is.EqualTo(200), response.Body);
        Assert.That(collector.CountStored(), Is.EqualTo(1));
    }

    // Events of about 16 KB (under the 32 KB event limit), the last one padded so the batch is exactly `size` bytes.
    private static byte[] BodyOf(int size)
    {
        var count = Math.Max(1, size / 16_000);
        var events = Enumerable.Range(0, count).Select(_ => Bodies.Event(id: Guid.CreateVersion7(), data: """{"pad":""}""")).ToArray();
        var pad = size - Encoding.UTF8.GetByteCount(Bodies.Batch(events));
        var each = pad / count;
        for (var i = 0; i < count; i++)
        {
            var length = i == count - 1 ? pad - (each * (count - 1)) : each;
            events[i] = events[i].Replace("\"pad\":\"\"", $"\"pad\":\"{new string('x', length)}\"", StringComparison.Ordinal);
        }

        var body = Encoding.UTF8.GetBytes(Bodies.Batch(events));
        Assert.That(body, Has.Length.EqualTo(size));
        return body;
    }

    private static HttpRequestMessage Request(byte[] body, bool chunked)
    {
        var request = Bodies.Native(body);
        if (chunked)
        {
            request.Content = new StreamContent(new MemoryStream(body)) { Headers = { ContentType = new("application/json") } };
            request.Headers.TransferEncodingChunked = true;
        }

        return request;
    }
}
