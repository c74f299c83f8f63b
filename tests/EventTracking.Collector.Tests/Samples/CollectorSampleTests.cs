using System.Net;
using System.Text;
using EventTracking.Collector.Tests.Support;
using Microsoft.Data.Sqlite;

namespace EventTracking.Collector.Tests.Samples;

/// <summary>Runs the collector sample as shipped, on Kestrel, storing in a temporary SQLite file, with the README's requests.</summary>
public sealed class CollectorSampleTests
{
    private const string DevKey = "dev-only-key-do-not-deploy";

    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("et-collector-sample-").FullName;

    [TearDown]
    public void TearDown()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task EachRouteOfTheReadmeIsStoredAndTheReadmesQueryShowsIt()
    {
        await using var sample = CollectorSample.Create(_directory, "Development");
        sample.StartServer();
        using var client = sample.CreateClient();

        using var native = new HttpRequestMessage(HttpMethod.Post, "/api/events")
        {
            Content = new StringContent("""[{"name":"game.level.start","context":{"user_id":"u-42"},"data":{"level":3}}]""", Encoding.UTF8, "application/json"),
        };
        native.Headers.Add("X-Api-Key", DevKey);
        using var nativeResponse = await client.SendAsync(native);
        var godot = await RawHttp.GodotPostAsync(client.BaseAddress!, "/v1.0/events", $$"""[{"event_type":"startup","application":"My Game","version":"1.0","platform":"Linux","user_id":"a1b2c3d4","session_id":"5e6f7a8b","value":{},"api_key":"{{DevKey}}"}]""");
        using var single = await client.PostAsync("/v1.0/event", new StringContent($$"""{"event_type":"level_complete","application":"My Game","version":"1.0","platform":"Linux","user_id":"a1b2c3d4","session_id":"5e6f7a8b","value":{"level":3},"api_key":"{{DevKey}}"}""", Encoding.UTF8, "application/json"));

        Assert.That(nativeResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(godot.Status, Is.EqualTo(204));
        Assert.That(single.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(Query("SELECT name || ' ' || json_extract(context, '$.collector_surface') || ' ' || json_extract(context, '$.collector_key') FROM events ORDER BY name;"),
            Is.EqualTo(new[] { "game.level.start native dev", "level_complete pycolytics dev", "startup pycolytics dev" }));
    }

    [Test]
    public async Task AnHttpBackendPointedAtTheSampleDeliversToIt()
    {
        await using var sample = CollectorSample.Create(_directory, "Development");
        sample.StartServer();
        using var client = sample.CreateClient();
        var http = new HttpBackend(new HttpBackendOptions { Endpoint = new Uri(client.BaseAddress!, "/api/events"), ApiKey = DevKey, Gzip = true, ThrowOnRejected = true });
        await using var app = new Tracker(new Dictionary<string, IEventBackend> { ["collector"] = http });

        await app.EmitAsync("app.started", new { version = "1.2.3" });

        Assert.That(Query("SELECT name FROM events;"), Is.EqualTo(new[] { "app.started" }));
    }

    [Test]
    public async Task OutsideDevelopmentTheSampleRefusesToStartUntilAKeyIsConfigured()
    {
        var logs = new CollectingLoggerProvider();
        await using (var production = CollectorSample.Create(_directory, "Production", logs))
        {
            // The factory reports a failed start either as the start-up exception or, when the entry point's thread
            // saw it first, as a disposed host; the log says why in both cases.
            Assert.Catch(() => production.StartServer());
            Assert.That(logs.Lines, Has.Some.Contains("OptionsValidationException: Collector:Keys: no API key is configured"));
        }

        await using var withKey = CollectorSample.Create(_directory, "Production", null, ("Collector:Keys:mobile", "from-the-environment"));
        withKey.StartServer();
        using var client = withKey.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = new StringContent("[]", Encoding.UTF8, "application/json") };
        request.Headers.Add("Authorization", "Bearer from-the-environment");

        Assert.That((await client.SendAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task TheDashboardIsAnonymousInDevelopmentOnlyAndOtherwiseNeedsTheDashboardKey()
    {
        await using (var development = CollectorSample.Create(_directory, "Development"))
        {
            development.StartServer();
            using var client = development.CreateClient();
            Assert.That((await client.GetAsync("/eventtracking/catalog")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await using var production = CollectorSample.Create(_directory, "Production", null, ("Collector:Keys:mobile", "k"), ("Dashboard:Key", "dashboard-secret"));
        production.StartServer();
        using var anonymous = production.CreateClient();
        Assert.That((await anonymous.GetAsync("/eventtracking/")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/eventtracking/");
        wrong.Headers.Add("Authorization", "Bearer k");
        Assert.That((await anonymous.SendAsync(wrong)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the collector's key does not open the dashboard");
        using var right = new HttpRequestMessage(HttpMethod.Get, "/eventtracking/");
        right.Headers.Add("Authorization", "Bearer dashboard-secret");
        Assert.That((await anonymous.SendAsync(right)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task TheErasureEndpointNeedsTheDashboardKeyAndErasesTheUsersEvents()
    {
        await using var production = CollectorSample.Create(_directory, "Production", null, ("Collector:Keys:mobile", "k"), ("Dashboard:Key", "dashboard-secret"));
        production.StartServer();
        using var client = production.CreateClient();
        using var store = new HttpRequestMessage(HttpMethod.Post, "/api/events")
        {
            Content = new StringContent("""[{"name":"a","context":{"user_id":"u-1"}},{"name":"b","context":{"user_id":"u-2"}}]""", Encoding.UTF8, "application/json"),
        };
        store.Headers.Add("X-Api-Key", "k");
        Assert.That((await client.SendAsync(store)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        Assert.That((await Erase(client, null)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await Erase(client, "k")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the collector's key does not erase");
        using var erased = await Erase(client, "dashboard-secret");

        Assert.That(erased.StatusCode, Is.EqualTo(HttpStatusCode.OK), await erased.Content.ReadAsStringAsync());
        Assert.That(await erased.Content.ReadAsStringAsync(), Does.Contain("\"removed\":1"));
        Assert.That(Query("SELECT json_extract(context, '$.user_id') FROM events"), Is.EqualTo(new[] { "u-2" }));
    }

    private static async Task<HttpResponseMessage> Erase(HttpClient client, string? bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/eventtracking/erase")
        {
            Content = new StringContent("""{"user_id":"u-1"}""", Encoding.UTF8, "application/json"),
        };
        if (bearer is not null)
        {
            request.Headers.Add("Authorization", "Bearer " + bearer);
        }

        return await client.SendAsync(request);
    }

    private List<string> Query(string sql) => ReadOnlySqlite.Strings(Path.Combine(_directory, "events.db"), sql);
}
