using System.Net.Http.Headers;
using System.Text;
using EventTracking.Collector.Tests.Microticks.Support;
using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests.Microticks;

/// <summary>No input, however malformed, gets a 5xx: limits answer 413 or 400, nonsense is a missing field.</summary>
public sealed class MicroticksMalformedInputTests
{
    private CollectorTestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartHost() => _host = await CollectorTestHost.StartAsync(h => h.MicroticksWithReadKey().Collector(o => (o.MaxRequestBodySize, o.MaxEventSize) = (1024, 100)));

    [OneTimeTearDown]
    public async Task StopHost() => await _host.DisposeAsync();

    [SetUp]
    public Task SetUp() => _host.ResetAsync();

    [Test]
    public async Task ABodyOverTheLimitIs413()
    {
        var (status, body, _) = await Posts.FormAsync(_host.Client, "/events", ("data", new string('x', 2000)));

        Assert.That(status, Is.EqualTo(413));
        Assert.That(body, Is.EqualTo("""{"error":"The request body is larger than 1024 bytes.","status":413}"""));
    }

    [Test]
    public async Task AChunkedBodyOverTheLimitIs413()
    {
        using var content = new StreamContent(new MemoryStream(Encoding.ASCII.GetBytes("data=" + new string('x', 2000))));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded");
        using var request = new HttpRequestMessage(HttpMethod.Post, MicroticksSetup.Prefix + "/events") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _host.Client.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.EqualTo(413));
    }

    [Test]
    public async Task AGzipFormIsReadAndAnotherEncodingIs415()
    {
        var form = Encoding.ASCII.GetBytes("consumer_key=0123&ts=x");
        using var compressed = new MemoryStream();
        await using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(form);
        }

        var gzipped = await SendAsync(compressed.ToArray(), "gzip");
        var brotli = await SendAsync(form, "br");

        Assert.That(gzipped, Is.EqualTo((400, """{"error":"Invalid consumer_key","status":400}""")));
        Assert.That(brotli, Is.EqualTo((415, """{"error":"Content-Encoding 'br' is not supported; send gzip or no encoding.","status":415}""")));
    }

    [Test]
    public async Task DataOverItsLimitIs400()
    {
        var client = _host.NewClient(await _host.CreateConsumerAsync("touch-table"));
        await client.StartSessionAsync();

        using var response = await client.SendAsync("/events", ("action", "click"), ("data", new string('x', 101)));

        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"error":"Invalid \"data\": larger than 100 bytes","status":400}"""));
    }

    [Test]
    public async Task DataNestedTooDeeplyIsKeptAsText()
    {
        await using var deep = await CollectorTestHost.StartAsync(h => h.MicroticksWithReadKey().Collector(o => o.MaxDepth = 3));
        var client = deep.NewClient(await deep.CreateConsumerAsync("touch-table"));
        await client.StartSessionAsync();

        await client.PostAsync("/events", ("action", "click"), ("data", """{"a":{"b":{"c":{}}}}"""));

        Assert.That((await deep.StoredAsync()).Last().Context["data_format"], Is.EqualTo("text"));
    }

    [TestCase("multipart/form-data", "consumer_key=x")]
    [TestCase("multipart/form-data; boundary=xyz", "--xyz\r\nno headers end")]
    [TestCase("application/x-www-form-urlencoded", "%%%&==&a=%ZZ&\u0000")]
    [TestCase("text/plain", "consumer_key=x&ts=y")]
    [TestCase(null, "consumer_key=x&ts=y")]
    [TestCase("application/json", "{")]
    [TestCase("application/x-www-form-urlencoded; charset=utf-7", "consumer_key=x")]
    public async Task AnUnreadableBodyIsAClientError(string? contentType, string body)
    {
        foreach (var path in new[] { "/sessions", "/events", "/sessions/stop" })
        {
            var (status, answer) = await Posts.RawAsync(_host.Client, path, body, contentType);

            Assert.That(status, Is.InRange(400, 499), $"{path}: {answer}");
            Assert.That(answer, Does.Match("""^\{"(error|description)":".+","status":4\d\d\}$"""));
        }
    }

    [Test]
    public async Task RandomFormsAreNeverAServerError()
    {
        var key = await _host.CreateConsumerAsync("touch-table");
        var client = _host.NewClient(key);
        await client.StartSessionAsync();
        var random = new Random(20170825);
        string[] names = ["consumer_key", "token", "action", "data", "ts", "key", "x"];
        string[] values = [key, client.SessionToken!, "", "click", "microticks.session.stop", "{\"a\":[1,{}]}", "1e999", "\"\\udc00\"", "2017-02-30T25:61:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999-14:00", "\u00e9\u4e2d\ud83d\ude00", "%", "null"];
        for (var i = 0; i < 60; i++)
        {
            var fields = Enumerable.Range(0, random.Next(0, 7))
                .Select(_ => (names[random.Next(names.Length)], values[random.Next(values.Length)]))
                .ToArray();
            foreach (var path in new[] { "/sessions", "/events", "/sessions/stop" })
            {
                var (status, body, response) = await Posts.FormAsync(_host.Client, path, fields);
                response.Dispose();
                Assert.That(status, Is.LessThan(500), $"{path} {string.Join("&", fields)}: {body}");
            }
        }

        var (readStatus, _) = await Posts.GetAsync(_host.Client, "/events?key=" + MicroticksSetup.ReadKey);
        Assert.That(readStatus, Is.EqualTo(200), "whatever was stored reads back");
    }

    private async Task<(int Status, string Body)> SendAsync(byte[] body, string encoding)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded");
        content.Headers.ContentEncoding.Add(encoding);
        using var response = await _host.Client.PostAsync(MicroticksSetup.Prefix + "/sessions", content);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [TestCase("/events?limit=%ZZ")]
    [TestCase("/events?date=%25&sort.desc=time")]
    [TestCase("/sessions?consumer=1%20OR%201=1")]
    [TestCase("/sessions?ip='&date=\\")]
    public async Task OddQueriesAreAnsweredWithoutAServerError(string routeAndQuery)
    {
        var (status, body) = await Posts.GetAsync(_host.Client, routeAndQuery + "&key=" + MicroticksSetup.ReadKey);

        Assert.That(status, Is.InRange(200, 499), body);
    }
}
