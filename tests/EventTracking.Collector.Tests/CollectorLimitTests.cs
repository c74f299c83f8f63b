using System.Net;
using System.Text;
using System.Text.Json;
using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests;

/// <summary>Every hard limit, on real Kestrel (TestServer does not enforce body sizes).</summary>
public sealed class CollectorLimitTests
{
    [Test]
    public async Task ABodyOverTheDefaultMebibyteIsRefusedWith413()
    {
        await using var collector = await CollectorTestHost.StartAsync();
        var body = Encoding.UTF8.GetBytes(Bodies.Event(data: $$"""{"pad":"{{new string('x', 1024 * 1024)}}"}"""));

        using var response = await collector.Client.SendAsync(Bodies.Native(body));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(collector.CountStored(), Is.Zero);
    }

    [Test]
    public async Task ABodyStreamedWithoutAContentLengthIsCutOffAtTheConfiguredLimit()
    {
        await using var collector = await CollectorTestHost.StartAsync(h => h.Collector(o => o.MaxRequestBodySize = 10_000));
        var body = Encoding.UTF8.GetBytes(Bodies.Batch(100));
        using var request = Bodies.Native(body);
        request.Content = new StreamContent(new MemoryStream(body)) { Headers = { ContentType = new("application/json") } };
        request.Headers.TransferEncodingChunked = true;

        using var response = await collector.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(collector.CountStored(), Is.Zero);
    }

    [Test]
    public async Task ABodyAtTheConfiguredLimitIsAccepted()
    {
        var body = Encoding.UTF8.GetBytes(Bodies.Batch(20));
        await using var collector = await CollectorTestHost.StartAsync(h => h.Collector(o => o.MaxRequestBodySize = body.Length));

        using var response = await collector.Client.SendAsync(Bodies.Native(body));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task AGzipBodyIsAcceptedAndAGzipBombIsRefusedWith413()
    {
        await using var collector = await CollectorTestHost.StartAsync();
        var bomb = Encoding.UTF8.GetBytes(Bodies.Event(data: $$"""{"pad":"{{new string('x', 5 * 1024 * 1024)}}"}"""));

        using var small = await collector.Client.SendAsync(Bodies.Native(Encoding.UTF8.GetBytes(Bodies.Batch(10)), gzip: true));
        using var exploded = await collector.Client.SendAsync(Bodies.Native(bomb, gzip: true));

        Assert.That(small.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Bodies.Gzip(bomb), Has.Length.LessThan(64 * 1024), "the compressed body is far under the wire limit");
        Assert.That(exploded.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That((await JsonAssert.ReadAsync(exploded)).GetProperty("detail").GetString(), Does.Contain("decompressed"));
        Assert.That(collector.CountStored(), Is.EqualTo(10));
    }

    [Test]
    public async Task ABodyThatIsNotGzipDespiteItsHeaderIsA400AndOtherEncodingsAre415()
    {
        await using var collector = await CollectorTestHost.StartAsync();
        using var notGzip = Bodies.Native(Bodies.Batch(1));
        notGzip.Content!.Headers.ContentEncoding.Add("gzip");
        using var brotli = Bodies.Native(Bodies.Batch(1));
        brotli.Content!.Headers.ContentEncoding.Add("br");

        using var notGzipResponse = await collector.Client.SendAsync(notGzip);
        using var brotliResponse = await collector.Client.SendAsync(brotli);

        Assert.That(notGzipResponse.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(brotliResponse.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }

    [Test]
    public async Task AContentTypeOtherThanJsonIs415()
    {
        await using var collector = await CollectorTestHost.StartAsync();

        using var text = await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(1), contentType: "text/plain"));
        using var none = await collector.Client.SendAsync(Bodies.Native(Encoding.UTF8.GetBytes(Bodies.Batch(1)), contentType: null));
        using var problem = await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(1), contentType: "application/vnd.events+json; charset=utf-8"));

        Assert.That(text.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That(none.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(problem.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase(32, HttpStatusCode.OK)]
    [TestCase(33, HttpStatusCode.BadRequest)]
    [TestCase(10_000, HttpStatusCode.BadRequest)]
    public async Task NestingDeeperThan32LevelsIsA400NotA500(int depth, HttpStatusCode expected)
    {
        await using var collector = await CollectorTestHost.StartAsync();

        // The outer array and the event object are two levels, data is the third.
        var nested = string.Concat(Enumerable.Repeat("{\"a\":", depth - 3)) + "1" + new string('}', depth - 3);
        using var response = await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(Bodies.Event(data: $$"""{"deep":{{nested}}}"""))));

        Assert.That(response.StatusCode, Is.EqualTo(expected));
        if (expected == HttpStatusCode.BadRequest)
        {
            Assert.That((await JsonAssert.ReadAsync(response)).GetProperty("detail").GetString(), Does.Contain("deeper than 32 levels"));
        }
    }

    [Test]
    public async Task AnEventOver32KilobytesIsA400NamingItsIndexAndNothingOfTheBatchIsStored()
    {
        await using var collector = await CollectorTestHost.StartAsync();
        var small = Bodies.Event(id: Guid.CreateVersion7());
        var atLimit = Pad(Bodies.Event(id: Guid.CreateVersion7(), data: """{"pad":""}"""), 32 * 1024);
        var overLimit = Pad(Bodies.Event(id: Guid.CreateVersion7(), data: """{"pad":""}"""), (32 * 1024) + 1);

        using var accepted = await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(small, atLimit)));
        using var refused = await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(Bodies.Event(id: Guid.CreateVersion7()), Bodies.Event(id: Guid.CreateVersion7()), overLimit)));

        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await JsonAssert.ReadAsync(refused);
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("index").GetInt32(), Is.EqualTo(2));
            Assert.That(problem.GetProperty("detail").GetString(), Does.StartWith("Event 2 is 32769 bytes"));
            Assert.That(collector.CountStored(), Is.EqualTo(2), "only the accepted batch");
        });
    }

    [Test]
    public async Task MoreThan500EventsIsA400AndExactly500IsAccepted()
    {
        await using var collector = await CollectorTestHost.StartAsync();

        using var full = await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(500)));
        using var over = await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(501)));

        Assert.That(full.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(over.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await JsonAssert.ReadAsync(over)).GetProperty("detail").GetString(), Does.Contain("501 events"));
        Assert.That(collector.CountStored(), Is.EqualTo(500));
    }

    [Test]
    public async Task ANameLongerThan256CharactersIsA400()
    {
        await using var collector = await CollectorTestHost.StartAsync();

        using var longest = await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(Bodies.Event(new string('n', 256)))));
        using var tooLong = await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(Bodies.Event("ok"), Bodies.Event(new string('n', 257)))));

        Assert.That(longest.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(tooLong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await JsonAssert.ReadAsync(tooLong)).GetProperty("index").GetInt32(), Is.EqualTo(1));
        Assert.That(collector.CountStored(), Is.EqualTo(1));
    }

    [TestCase("""{"data":{}}""", "needs a 'name'")]
    [TestCase("""{"name":""}""", "empty 'name'")]
    [TestCase("""{"name":5}""", "needs a 'name'")]
    [TestCase("""{"name":"x","id":"not-a-guid"}""", "'id' must be a GUID")]
    [TestCase("""{"name":"x","id":5}""", "'id' must be a GUID")]
    [TestCase("""{"name":"x","timestamp":"yesterday"}""", "not valid")]
    [TestCase("""{"name":"x","timestamp":1}""", "ISO 8601")]
    [TestCase("""{"name":"x","context":[]}""", "'context' must be a JSON object")]
    [TestCase("""{"name":"x","data":"text"}""", "'data' must be a JSON object")]
    [TestCase("""{"name":"x","data":{"s":"\ud800"}}""", "not valid")]
    [TestCase("""5""", "must be a JSON object")]
    [TestCase("""{"name":"x","data":{"n":1e400}}""", "the number 1e400, which is beyond the range of a double")]
    [TestCase("""{"name":"x","context":{"n":[-1E+999]}}""", "the number -1E+999")]
    public async Task OneInvalidEventRejectsTheWholeBatchWith400NamingItsIndex(string invalid, string reason)
    {
        await using var collector = await CollectorTestHost.StartAsync();

        using var response = await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(Bodies.Event(), Bodies.Event(), invalid)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await JsonAssert.ReadAsync(response);
        Assert.That(problem.GetProperty("index").GetInt32(), Is.EqualTo(2));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain(reason));
        Assert.That(collector.CountStored(), Is.Zero);
    }

    [TestCase("", "not valid JSON")]
    [TestCase("[1,", "not valid JSON")]
    [TestCase("\"text\"", "must be a JSON array of events or one event object")]
    [TestCase("null", "must be a JSON array")]
    public async Task ABodyThatIsNotABatchIsA400(string body, string reason)
    {
        await using var collector = await CollectorTestHost.StartAsync();

        using var response = await collector.Client.SendAsync(Bodies.Native(body));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await JsonAssert.ReadAsync(response)).GetProperty("detail").GetString(), Does.Contain(reason));
    }

    [Test]
    public async Task EventsPerKeyAreCountedInEventsSoABatchCannotBypassTheLimit()
    {
        await using var collector = await CollectorTestHost.StartAsync(h => h.Collector(o => o.RateLimit.EventsPerKey = 500));

        using var first = await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(300)));
        using var second = await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(300)));
        using var otherKey = await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(300), CollectorTestHost.WebKey));

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(second.StatusCode, Is.EqualTo((HttpStatusCode)429));
        Assert.That(second.Headers.RetryAfter?.Delta, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));
        Assert.That((await JsonAssert.ReadAsync(second)).GetProperty("detail").GetString(), Is.EqualTo("Rate limit exceeded: 500 events per 1 minute."));
        Assert.That(otherKey.StatusCode, Is.EqualTo(HttpStatusCode.OK), "each key has its own bucket");
        Assert.That(collector.CountStored(), Is.EqualTo(600));
    }

    [Test]
    public async Task EventsPerClientAddressAreSharedByEveryKeyAndRoute()
    {
        await using var collector = await CollectorTestHost.StartAsync(h => h.Collector(o => o.RateLimit.EventsPerClient = 500));

        using var first = await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(400)));
        using var second = await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(100), CollectorTestHost.WebKey));
        using var third = await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(100), CollectorTestHost.WebKey));

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(third.StatusCode, Is.EqualTo((HttpStatusCode)429));
        Assert.That(third.Headers.RetryAfter, Is.Not.Null);
        Assert.That(collector.CountStored(), Is.EqualTo(500));
    }

    [Test]
    public async Task EveryLimitIsConfigurable()
    {
        await using var collector = await CollectorTestHost.StartAsync(h => h.Collector(o =>
        {
            o.MaxBatchSize = 2;
            o.MaxNameLength = 3;
            o.MaxEventSize = 200;
            o.MaxDepth = 4;
        }));

        using var batch = await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(3)));
        using var name = await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(Bodies.Event("abcd"))));
        using var size = await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(Bodies.Event("abc", data: $$"""{"p":"{{new string('x', 200)}}"}"""))));
        using var depth = await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(Bodies.Event("abc", data: """{"a":{"b":{}}}"""))));
        using var fine = await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(Bodies.Event("abc", data: """{"a":{}}"""))));

        Assert.Multiple(() =>
        {
            Assert.That(batch.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(name.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(size.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(depth.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(fine.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    /// <summary>Grows the <c>pad</c> string of an event until its JSON is exactly <paramref name="bytes"/> long.</summary>
    private static string Pad(string evt, int bytes)
    {
        var padded = evt.Replace("\"pad\":\"\"", $"\"pad\":\"{new string('x', bytes - Encoding.UTF8.GetByteCount(evt))}\"", StringComparison.Ordinal);
        Assert.That(Encoding.UTF8.GetByteCount(padded), Is.EqualTo(bytes));
        using var _ = JsonDocument.Parse(padded);
        return padded;
    }
}
