using EventTracking.Collector.Tests.Support;
using static EventTracking.Collector.Tests.Attolytics.AttolyticsSchemas;
using static EventTracking.Collector.Tests.Attolytics.Requests;

namespace EventTracking.Collector.Tests.Attolytics;

/// <summary>CORS per app: preflights, and the headers on POST answers.</summary>
public sealed class AttolyticsCorsTests
{
    private CollectorTestHost _server = null!;

    [OneTimeSetUp]
    public async Task Start() => _server = await CollectorTestHost.StartAsync(h => h.AttolyticsWithSwitch());

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    [Test]
    public async Task APreflightFromTheAllowedOriginAllowsPostAndTheRequestedHeaders()
    {
        var answer = await _server.Client.ExchangeAsync(Preflight(MyApp, MyAppOrigin, "POST", "content-type, x-requested-with"));

        Assert.That(answer.Status, Is.EqualTo(200));
        Assert.That(answer.Header("Access-Control-Allow-Origin"), Is.EqualTo(MyAppOrigin));
        Assert.That(answer.Header("Access-Control-Allow-Methods"), Is.EqualTo("POST"));
        Assert.That(answer.Header("Access-Control-Allow-Headers"), Is.EqualTo("content-type, x-requested-with"));
        Assert.That(answer.Header("Access-Control-Allow-Credentials"), Is.Null);
        Assert.That(answer.Header("Vary"), Is.EqualTo("Origin"));
        Assert.That(answer.Body, Is.Empty);
    }

    [Test]
    public async Task APreflightWithoutRequestedHeadersAllowsNone()
    {
        var answer = await _server.Client.ExchangeAsync(Preflight(MyApp, "HTTP://EXAMPLE.COM", "POST"));

        Assert.That(answer.Status, Is.EqualTo(200));
        Assert.That(answer.Header("Access-Control-Allow-Origin"), Is.EqualTo("HTTP://EXAMPLE.COM"), "origins compare without case, and are echoed");
        Assert.That(answer.Header("Access-Control-Allow-Headers"), Is.Null);
    }

    [TestCase("https://game.example.org")]
    [TestCase("null")]
    public async Task AnAppAllowingAnyOriginEchoesTheRequestsOrigin(string origin)
    {
        var answer = await _server.Client.ExchangeAsync(Preflight(Anywhere, origin, "POST"));

        Assert.That(answer.Status, Is.EqualTo(200));
        Assert.That(answer.Header("Access-Control-Allow-Origin"), Is.EqualTo(origin));
    }

    [Test]
    public async Task APreflightForAnUnknownAppIs404()
    {
        var answer = await _server.Client.ExchangeAsync(Preflight("com.example.other", MyAppOrigin, "POST"));

        Assert.That(answer.Status, Is.EqualTo(404));
    }

    [Test]
    public async Task APreflightFromAnotherOriginIs403()
    {
        var answer = await _server.Client.ExchangeAsync(Preflight(MyApp, "http://example.com.evil.org", "POST"));

        Assert.That(answer.Status, Is.EqualTo(403));
        Assert.That(answer.Header("Access-Control-Allow-Origin"), Is.Null);
    }

    [Test]
    public async Task APreflightWithoutARequestedMethodIs400()
    {
        var answer = await _server.Client.ExchangeAsync(Preflight(MyApp, MyAppOrigin, method: null));

        Assert.That(answer.Status, Is.EqualTo(400));
    }

    [TestCase("PUT")]
    [TestCase("GET")]
    public async Task APreflightForAMethodOtherThanPostIs403(string method)
    {
        var answer = await _server.Client.ExchangeAsync(Preflight(MyApp, MyAppOrigin, method));

        Assert.That(answer.Status, Is.EqualTo(403));
    }

    [Test]
    public async Task TheOriginIsCheckedBeforeTheRequestedMethod()
    {
        var answer = await _server.Client.ExchangeAsync(Preflight(MyApp, "http://evil.example", method: null));

        Assert.That(answer.Status, Is.EqualTo(403));
    }

    [Test]
    public async Task AnOptionsRequestWithoutOriginIsNoPreflight()
    {
        var answer = await _server.Client.ExchangeAsync(new HttpRequestMessage(HttpMethod.Options, $"/apps/{MyApp}/events"));

        Assert.That(answer.Status, Is.EqualTo(200));
        Assert.That(answer.Header("Access-Control-Allow-Origin"), Is.Null);
    }

    [Test]
    public async Task APostFromTheAllowedOriginCarriesTheCorsHeaders()
    {
        var marker = Marker();

        var answer = await _server.Client.ExchangeAsync(Post(Body(Event(marker))).WithOrigin(MyAppOrigin));

        Assert.That(answer.Status, Is.EqualTo(200));
        Assert.That(answer.Header("Access-Control-Allow-Origin"), Is.EqualTo(MyAppOrigin));
        Assert.That(answer.Header("Vary"), Is.EqualTo("Origin"));
        Assert.That(await _server.StoredWithMarkerAsync(marker), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ARefusedPostFromTheAllowedOriginCarriesTheCorsHeadersSoThePageCanReadTheStatus()
    {
        var answer = await _server.Client.ExchangeAsync(Post(Body("1", key: "wrong")).WithOrigin(MyAppOrigin));

        Assert.That(answer.Status, Is.EqualTo(403));
        Assert.That(answer.Header("Access-Control-Allow-Origin"), Is.EqualTo(MyAppOrigin));
    }

    [Test]
    public async Task APostWithoutOriginCarriesNoCorsHeaders()
    {
        var answer = await _server.Client.ExchangeAsync(Post(Body(Event(Marker()))));

        Assert.That(answer.Status, Is.EqualTo(200));
        Assert.That(answer.Header("Access-Control-Allow-Origin"), Is.Null);
        Assert.That(answer.Header("Vary"), Is.Null);
    }

    private static HttpRequestMessage Preflight(string app, string origin, string? method, string? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, $"/apps/{app}/events").WithOrigin(origin);
        if (method is not null)
        {
            request.Headers.TryAddWithoutValidation("Access-Control-Request-Method", method);
        }

        if (headers is not null)
        {
            request.Headers.TryAddWithoutValidation("Access-Control-Request-Headers", headers);
        }

        return request;
    }
}
