using EventTracking.Collector.Tests.Microticks.Support;
using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests.Microticks;

/// <summary>Every answer echoes the page's Origin and says <c>Cache-Control: public, max-age=0</c>; preflights are answered.</summary>
public sealed class MicroticksCorsTests
{
    private CollectorTestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartHost() => _host = await CollectorTestHost.StartAsync(h => h.MicroticksWithReadKey());

    [OneTimeTearDown]
    public async Task StopHost() => await _host.DisposeAsync();

    [SetUp]
    public Task SetUp() => _host.ResetAsync();

    [TestCase("POST", "/sessions", 200)]
    [TestCase("POST", "/sessions", 400)]
    [TestCase("POST", "/events", 400)]
    [TestCase("POST", "/sessions/stop", 400)]
    [TestCase("GET", "/events", 200)]
    [TestCase("GET", "/sessions", 400)]
    [TestCase("PUT", "/events", 405)]
    public async Task EveryAnswerEchoesTheOrigin(string method, string path, int expectedStatus)
    {
        var key = await _host.CreateConsumerAsync("touch-table");
        using var request = new HttpRequestMessage(new HttpMethod(method), MicroticksSetup.Prefix + path + (expectedStatus == 200 && method == "GET" ? "?key=" + MicroticksSetup.ReadKey : ""));
        if (method != "GET")
        {
            request.Content = JQueryMicroticksClient.JQueryForm(expectedStatus == 200 ? [("consumer_key", key), ("ts", "2017-08-25T17:09:19.438Z")] : []);
        }

        request.Headers.Add("Origin", MicroticksSetup.Origin);
        using var response = await _host.Client.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.EqualTo(expectedStatus));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { MicroticksSetup.Origin }));
        Assert.That(response.Headers.Vary, Does.Contain("Origin"));
        Assert.That(response.Headers.CacheControl?.ToString(), Is.EqualTo("public, max-age=0"));
        Assert.That(response.Headers.Contains("Access-Control-Allow-Credentials"), Is.False);
    }

    [Test]
    public async Task WithoutAnOriginThereIsNoCorsHeaderButTheCacheHeaderStays()
    {
        var (_, _, response) = await Posts.FormAsync(_host.Client, "/sessions");

        Assert.That(response.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
        Assert.That(response.Headers.CacheControl?.ToString(), Is.EqualTo("public, max-age=0"));
        response.Dispose();
    }

    [TestCase("/sessions", "GET, HEAD, OPTIONS, POST")]
    [TestCase("/events", "GET, HEAD, OPTIONS, POST")]
    [TestCase("/sessions/stop", "OPTIONS, POST")]
    public async Task APreflightIsAnswered(string path, string methods)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, MicroticksSetup.Prefix + path);
        request.Headers.Add("Origin", MicroticksSetup.Origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "x-requested-with, content-type");

        using var response = await _host.Client.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { MicroticksSetup.Origin }));
        Assert.That(string.Join(", ", response.Headers.GetValues("Access-Control-Allow-Methods")), Is.EqualTo(methods));
        Assert.That(string.Join(", ", response.Headers.GetValues("Access-Control-Allow-Headers")), Is.EqualTo("x-requested-with, content-type"));
        Assert.That(response.Content.Headers.Allow, Is.EquivalentTo(methods.Split(", ")));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.Empty);
    }

    [Test]
    public async Task TheSurfaceCanBeMappedWithoutAPrefix()
    {
        await using var unprefixed = await CollectorTestHost.StartAsync(h => h.StoreDirectly().Microticks(prefix: ""));

        using var response = await unprefixed.Client.PostAsync("/sessions", JQueryMicroticksClient.JQueryForm([]));

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"error":"No \"consumer_key\" parameter provided","status":400}"""));
    }
}
