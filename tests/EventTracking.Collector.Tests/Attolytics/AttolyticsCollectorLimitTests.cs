using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using EventTracking.Collector.Tests.Support;
using static EventTracking.Collector.Tests.Attolytics.AttolyticsSchemas;
using static EventTracking.Collector.Tests.Attolytics.Requests;

namespace EventTracking.Collector.Tests.Attolytics;

/// <summary>What the surface shares with the collector's other routes: batch size, rate limits, gzip bodies.</summary>
public sealed class AttolyticsCollectorLimitTests
{
    private CollectorTestHost _server = null!;

    [OneTimeSetUp]
    public async Task Start() => _server = await CollectorTestHost.StartAsync(h => h.AttolyticsWithSwitch().Collector(o =>
    {
        o.MaxBatchSize = 3;
        o.RateLimit.EventsPerKey = 5;
        o.RateLimit.Window = TimeSpan.FromHours(1);
    }));

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    [Test]
    public async Task MoreEventsThanTheCollectorsBatchLimitIs413AfterTheShapeAndBeforeTheApp()
    {
        var tooMany = await _server.Client.ExchangeAsync(Post(Body("1,2,3,4", key: "wrong"), app: "no.such.app"));
        var misshapen = await _server.Client.ExchangeAsync(Post("""{"events":[1,2,3,4]}""", app: "no.such.app"));

        Assert.That(tooMany.Status, Is.EqualTo(413));
        Assert.That(tooMany.Body, Does.Contain("at most 3"));
        Assert.That(misshapen.Status, Is.EqualTo(422));
    }

    [Test]
    public async Task EventsBeyondTheAppsRateLimitAre429WithRetryAfterAndStoreNothing()
    {
        var marker = Marker();

        var first = await _server.Client.ExchangeAsync(Post(Body($"{Event(marker)},{Event(marker, ",\"time\":1")},{Event(marker, ",\"time\":2")}", AnywhereKey), app: Anywhere));
        var second = await _server.Client.ExchangeAsync(Post(Body($"{Event(marker, ",\"time\":3")},{Event(marker, ",\"time\":4")},{Event(marker, ",\"time\":5")}", AnywhereKey), app: Anywhere));
        var otherApp = await _server.Client.ExchangeAsync(Post(Body(Event(marker))));

        Assert.That(first.Status, Is.EqualTo(200));
        Assert.That(second.Status, Is.EqualTo(429));
        Assert.That(second.Header("Retry-After"), Is.Not.Null);
        Assert.That(second.Body, Does.Contain("Rate limit exceeded: 5 events per 1 hour"));
        Assert.That(otherApp.Status, Is.EqualTo(200), "each app has its own bucket");
        Assert.That(await _server.StoredWithMarkerAsync(marker), Has.Count.EqualTo(4));
    }

    [Test]
    public async Task AGzipBodyIsAcceptedAndItsDecompressedSizeIsLimitedTo32KiB()
    {
        var marker = Marker();
        var padded = Body(Event(marker, ",\"pad\":\"" + new string('x', 40_000) + "\""));

        var small = await _server.Client.ExchangeAsync(Gzipped(Body(Event(marker))));
        var large = await _server.Client.ExchangeAsync(Gzipped(padded));

        Assert.That(small.Status, Is.EqualTo(200));
        Assert.That(large.Status, Is.EqualTo(413));
        Assert.That(await _server.StoredWithMarkerAsync(marker), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task AnotherContentEncodingIs415()
    {
        var request = Post(Body(Event(Marker())));
        request.Content!.Headers.ContentEncoding.Add("br");

        var answer = await _server.Client.ExchangeAsync(request);

        Assert.That(answer.Status, Is.EqualTo(415));
    }

    private static HttpRequestMessage Gzipped(string body)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(body));
        }

        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        return new HttpRequestMessage(HttpMethod.Post, $"/apps/{MyApp}/events") { Content = content };
    }
}
