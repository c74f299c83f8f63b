using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EventTracking.AspNetCore.Tests.Samples;

/// <summary>Runs the web sample as shipped (its appsettings.json tree), storing in a temporary SQLite file.</summary>
public sealed class WebSampleTests
{
    private string _directory = null!;
    private WebApplicationFactory<Program> _sample = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Directory.CreateTempSubdirectory("et-sample-").FullName;
        _sample = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
            web.UseSetting("EventTracking:Backends:store:Backends:db:Options:Path", Path.Combine(_directory, "events.db")));
    }

    [TearDown]
    public async Task TearDown()
    {
        await _sample.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task<HttpResponseMessage> Erase(HttpClient client, string userId, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/eventtracking/erase") { Content = JsonContent.Create(new { user_id = userId }) };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await client.SendAsync(request);
    }

    [Test]
    public void TheSamplesAppsettingsBindIntoTheDocumentedTree()
    {
        var root = _sample.Services.GetRequiredService<Tracker>().Backend;

        var logs = (RoutingBackend)root.Backends["tracking_logs"];
        Assert.That(((RegexFilter)logs.Processors.Single()).Patterns, Is.EqualTo(new[] { @"^edx\.course\." }));
        Assert.That(logs.Backends["console"], Is.InstanceOf<SerilogBackend>());
        var store = (AsyncRoutingBackend)root.Backends["store"];
        Assert.That(store.Capacity, Is.EqualTo(10000));
        Assert.That(((SqliteBackend)store.Backends["db"]).Path, Is.EqualTo(Path.Combine(_directory, "events.db")));
        Assert.That(root.Backends.ContainsKey("archive"), Is.False, "MongoDB only with a connection string");
    }

    [Test]
    public async Task TheDashboardIsAnonymousInDevelopmentOnly()
    {
        using (var development = _sample.CreateClient())
        {
            Assert.That((await development.GetAsync("/eventtracking/")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK));
        }

        await using var production = _sample.WithWebHostBuilder(web => web.UseEnvironment("Production"));
        using var client = production.CreateClient();
        Assert.That((await client.GetAsync("/eventtracking/")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Unauthorized));
        Assert.That((await client.GetAsync("/eventtracking/catalog?user=alice")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Unauthorized), "the demo sign-in is off outside Development");
    }

    [Test]
    public async Task TheErasureEndpointRefusesAnonymousAndNonAdminCallersAndErasesForAnAdmin()
    {
        // Development: the only environment where the demo scheme signs users in (and the dashboard is anonymous).
        using var client = _sample.CreateClient();
        (await client.GetAsync("/courses/cs101?user=alice")).EnsureSuccessStatusCode();
        (await client.GetAsync("/courses/cs101?user=bob")).EnsureSuccessStatusCode();

        Assert.That((await Erase(client, "alice")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Unauthorized));
        Assert.That((await Erase(client, "alice", ("X-Demo-User", "mallory"))).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Forbidden));
        Assert.That((await client.GetFromJsonAsync<JsonElement[]>("/events"))!, Has.Length.EqualTo(2), "a refused call erases nothing");

        using var erased = await Erase(client, "alice", ("X-Demo-User", "admin"), ("X-Demo-Role", "privacy-admin"));
        Assert.That(erased.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK), await erased.Content.ReadAsStringAsync());
        var report = await erased.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(report.GetProperty("removed").GetInt64(), Is.EqualTo(1));
        var left = (await client.GetFromJsonAsync<JsonElement[]>("/events"))!;
        Assert.That(left.Select(e => e.GetProperty("context").GetProperty("user_id").GetString()), Is.EqualTo(new[] { "bob" }));
    }

    [Test]
    public async Task EventsFromHandlersAndServicesCarryTheirRequestContext()
    {
        using var client = _sample.CreateClient();

        (await client.GetAsync("/courses/cs101?user=alice")).EnsureSuccessStatusCode();
        using (var enroll = new HttpRequestMessage(HttpMethod.Post, "/courses/cs101/enroll"))
        {
            enroll.Headers.Add("X-Demo-User", "bob");
            (await client.SendAsync(enroll)).EnsureSuccessStatusCode();
        }

        (await client.GetAsync("/search?q=physics")).EnsureSuccessStatusCode();
        var events = (await client.GetFromJsonAsync<JsonElement[]>("/events"))!
            .ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("context"));

        Assert.That(events.Keys, Is.EquivalentTo(new[] { "edx.course.viewed", "edx.course.enrollment.activated", "navigation.search" }));
        var viewed = events["edx.course.viewed"];
        Assert.That(viewed.GetProperty("user_id").GetString(), Is.EqualTo("alice"));
        Assert.That(viewed.GetProperty("course_id").GetString(), Is.EqualTo("cs101"), "the handler's nested context");
        Assert.That(viewed.GetProperty("application").GetString(), Is.EqualTo("eventtracking-sample"));
        var enrolled = events["edx.course.enrollment.activated"];
        Assert.That(enrolled.GetProperty("user_id").GetString(), Is.EqualTo("bob"), "the service's event, after an await");
        Assert.That(enrolled.GetProperty("path").GetString(), Is.EqualTo("/courses/cs101/enroll"));
        Assert.That(events["navigation.search"].TryGetProperty("user_id", out _), Is.False);
        Assert.That(await client.GetStringAsync("/health"), Is.EqualTo("Healthy"));
    }

    [TestCase("-1")]
    [TestCase("0")]
    [TestCase("1001")]
    public async Task AnEventsLimitOutOfRangeIsA400(string limit)
    {
        using var client = _sample.CreateClient();

        using var response = await client.GetAsync("/events?limit=" + limit);

        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("limit must be between 1 and 1000"));
    }
}
