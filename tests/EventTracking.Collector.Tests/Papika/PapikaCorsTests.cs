using System.Net;
using EventTracking.Collector.Tests.Papika.Support;
using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests.Papika;

/// <summary>Browser access: the TypeScript client's preflight for <c>content-type</c>, and allow-origin on every answer.</summary>
public sealed class PapikaCorsTests
{
    private const string Page = "http://localhost:8080";

    private CollectorTestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartHost() => _host = await CollectorTestHost.StartAsync(h => h.PapikaWithTestExperiments());

    [OneTimeTearDown]
    public async Task StopHost() => await _host.DisposeAsync();

    [TestCase("/api/user")]
    [TestCase("/api/user/get_data")]
    [TestCase("/api/user/set_data")]
    [TestCase("/api/experiment")]
    [TestCase("/api/session")]
    [TestCase("/api/event")]
    public async Task ThePreflightOfEveryRouteAllowsPostWithContentType(string route)
    {
        using var response = await _host.Client.SendAsync(Preflight(route, Page));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("*"));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Methods").Single(), Does.Contain("POST"));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Headers").Single(), Is.EqualTo("content-type"));
        Assert.That(response.Headers.GetValues("Access-Control-Max-Age").Single(), Is.EqualTo("7200"));
    }

    [Test]
    public async Task APlainOptionsRequestIsAnsweredWithTheAllowedMethods()
    {
        using var response = await _host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/api/event"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(response.Content.Headers.Allow, Is.EquivalentTo(new[] { "POST", "OPTIONS" }));
    }

    [Test]
    public async Task SuccessesAndErrorsAlikeCarryAllowOriginSoTheClientSeesTheStatus()
    {
        using var ok = await _host.PostJsonAsync("/api/user", PapikaBodies.NonSession("""{"username":"pika"}"""), Page);
        using var bad = await _host.PostJsonAsync("/api/user", PapikaBodies.NonSession("{}"), Page);
        using var missing = await _host.PostJsonAsync("/api/event", PapikaBodies.OfSession("[]", Guid.NewGuid().ToString()), Page);

        foreach (var response in new[] { ok, bad, missing })
        {
            Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("*"), response.StatusCode.ToString());
        }
    }

    [Test]
    public async Task WithoutAnOriginNoCorsHeadersAreSent()
    {
        using var response = await _host.PostJsonAsync("/api/user", PapikaBodies.NonSession("""{"username":"pika"}"""));

        Assert.That(response.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
    }

    [Test]
    public async Task ConfiguredOriginsAreEchoedAndOthersRefused()
    {
        await using var host = await CollectorTestHost.StartAsync(h => h.PapikaWithTestExperiments(o => o.AllowedOrigins.Add("https://game.example.org")));

        using var allowedPreflight = await host.Client.SendAsync(Preflight("/api/user", "https://game.example.org"));
        using var allowedPost = await host.PostJsonAsync("/api/user", PapikaBodies.NonSession("""{"username":"pika"}"""), "https://game.example.org");
        using var otherPreflight = await host.Client.SendAsync(Preflight("/api/user", "https://evil.example.net"));
        using var otherPost = await host.PostJsonAsync("/api/user", PapikaBodies.NonSession("""{"username":"mallory"}"""), "https://evil.example.net");

        Assert.That(allowedPreflight.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(allowedPreflight.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("https://game.example.org"));
        Assert.That(allowedPreflight.Headers.Vary, Does.Contain("Origin"));
        Assert.That(allowedPost.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(allowedPost.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("https://game.example.org"));
        Assert.That(otherPreflight.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(otherPreflight.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
        Assert.That(otherPost.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(host.CountPapikaRows("papika_users", "username = 'mallory'"), Is.Zero);
    }

    private static HttpRequestMessage Preflight(string route, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, route);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return request;
    }
}
