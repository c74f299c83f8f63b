using System.Net;
using System.Text;
using System.Text.Json;
using EventTracking.Collector.Tests.Papika.Support;
using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests.Papika;

/// <summary>The double-encoded envelope every route takes; whatever arrives, the answer is never a 5xx.</summary>
public sealed class PapikaEnvelopeTests
{
    private static readonly string[] Routes = ["/api/user", "/api/user/get_data", "/api/user/set_data", "/api/experiment", "/api/session", "/api/event"];

    private CollectorTestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartHost() => _host = await CollectorTestHost.StartAsync(h => h.PapikaWithTestExperiments(o => o.MaxRequestBodySize = 4096));

    [OneTimeTearDown]
    public async Task StopHost() => await _host.DisposeAsync();

    [TestCase("""{"version":1,"data":"{\"username\":\"pika\"}"}""", "'version' must be 2", TestName = "protocol version 1")]
    [TestCase("""{"version":"2","data":"{\"username\":\"pika\"}"}""", "'version' must be an integer")]
    [TestCase("""{"data":"{\"username\":\"pika\"}"}""", "missing field 'version'")]
    [TestCase("""{"version":2}""", "missing field 'data'")]
    [TestCase("""{"version":2,"data":{"username":"pika"}}""", "'data' must be a string", TestName = "data sent once-encoded")]
    [TestCase("""{"version":2,"data":"{username: pika}"}""", "'data' is not valid JSON")]
    [TestCase("""{"version":2,"data":"{\"username\":\"pika\"}","release":7}""", "'release' must be a string or null")]
    [TestCase("""{"version":2,"data":"{\"username\":\"pika\"}","checksum":[]}""", "'checksum' must be a string or null")]
    [TestCase("""[{"version":2}]""", "the body must be a JSON object")]
    [TestCase("""{"version":2,""", "the body is not valid JSON")]
    [TestCase("", "the body is not valid JSON")]
    public async Task AnEnvelopeThatIsWrongIs400WithAShortReason(string body, string reason)
    {
        using var response = await _host.PostJsonAsync("/api/user", body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo($$"""{"title":"Bad Request","status":400,"detail":"{{reason}}"}"""));
    }

    [Test]
    public async Task TheChecksumAndReleaseAreIgnoredWhereTheOriginalIgnoredThem()
    {
        var body = """{"version":2,"data":"{\"username\":\"pika\"}","release":"not-a-uuid","checksum":"whatever"}""";

        using var response = await _host.PostJsonAsync("/api/user", body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ABodyOverTheLimitIs413()
    {
        var body = PapikaBodies.NonSession(JsonSerializer.Serialize(new { username = new string('x', 5000) }));

        using var response = await _host.PostJsonAsync("/api/user", body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    [Test]
    public async Task ABodyOverTheLimitWithoutALengthIs413()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/user") { Content = new StreamContent(new MemoryStream(new byte[10_000])) };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    [Test]
    public async Task AGzipBodyIsReadAndAnotherEncodingIs415()
    {
        var json = Encoding.UTF8.GetBytes(PapikaBodies.NonSession("""{"username":"zipped"}"""));
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(json);
        }

        using var zipped = new ByteArrayContent(compressed.ToArray());
        zipped.Headers.ContentEncoding.Add("gzip");
        using var brotli = new ByteArrayContent(json);
        brotli.Headers.ContentEncoding.Add("br");

        using var read = await _host.Client.PostAsync("/api/user", zipped);
        using var refused = await _host.Client.PostAsync("/api/user", brotli);

        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }

    [Test]
    public async Task NothingMalformedEverGetsA5xx()
    {
        string[] bodies =
        [
            "null", "[]", "\"text\"", "{}", "{\"version\":2,\"data\":\"null\"}", "{\"version\":2,\"data\":\"[]\"}",
            "{\"version\":2,\"data\":\"\\\"x\\\"\"}", "{\"version\":2,\"data\":\"{\\\"username\\\":\\\"\\\\ud800\\\"}\"}",
            "{\"version\":2,\"data\":\"\\ud800\"}", "{\"version\":2e400,\"data\":\"{}\"}", "{\"version\":2,\"data\":\"" + new string('[', 200) + "\"}",
            new string('[', 100) + new string(']', 100), "{\"version\":2,\"data\":\"[{\\\"detail\\\":\\\"\\\\ud800\\\"}]\",\"session\":\"" + Guid.Empty + "\"}",
        ];
        var binary = new byte[] { 0xFF, 0xFE, 0x00, 0x7B };

        foreach (var route in Routes)
        {
            foreach (var body in bodies)
            {
                using var response = await _host.PostJsonAsync(route, body);
                Assert.That((int)response.StatusCode, Is.InRange(400, 499), $"{route} {body}");
            }

            using var bytes = await _host.Client.PostAsync(route, new ByteArrayContent(binary));
            Assert.That((int)bytes.StatusCode, Is.InRange(400, 499), route);
        }
    }

    [Test]
    public async Task EventsWhoseDetailHoldsJsonDotNetCannotKeepAreStoredAsText()
    {
        var (session, _) = await _host.StartSessionAsync();
        var details = new[] { """{"big":1e400}""", """{"lone":"\ud800"}""" };

        using var response = await _host.PostJsonAsync("/api/event", PapikaBodies.OfSession(
            PapikaBodies.Events(PapikaBodies.Event(1, detail: details[0]), PapikaBodies.Event(2, detail: details[1])), session));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var stored = (await _host.StoredAsync(session)).Where(e => e.Name == "papika.1.2").Select(e => e.Data["detail"]);
        Assert.That(stored, Is.EquivalentTo(details));
    }

    [TestCase("GET")]
    [TestCase("PUT")]
    public async Task OtherMethodsAreNotAllowed(string method)
    {
        using var response = await _host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/api/user") { Content = new StringContent("{}", Encoding.UTF8, "application/json") });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
    }
}
