using System.Net;
using System.Text;
using System.Text.Json;
using EventTracking.Collector.Tests.Papika.Support;
using EventTracking.Collector.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using CollectorProgram = EventTracking.Samples.Collector.Program;

namespace EventTracking.Collector.Tests.Papika;

/// <summary>
/// Erasure by user on the collector sample as shipped (real Kestrel, Papika's store in its own file): the admin
/// endpoint deletes the user's events and Papika's rows about the user (the user, its save data, sessions and
/// experiment assignments), reports both, and leaves every other user alone.
/// </summary>
public sealed class PapikaErasureTests
{
    private const string Experiment = "00000000-0000-0000-0000-000000000000";
    private const string AdminKey = "erasure-test-admin-key";

    private string _directory = null!;
    private WebApplicationFactory<CollectorProgram> _sample = null!;
    private HttpClient _client = null!;

    private string PapikaPath => Path.Combine(_directory, "papika.db");

    [SetUp]
    public void StartSample()
    {
        _directory = Directory.CreateTempSubdirectory("et-papika-erasure-").FullName;
        _sample = CollectorSample.Create(_directory, settings: [("Papika:StorePath", PapikaPath), ("Dashboard:Key", AdminKey)]);
        _sample.StartServer();
        _client = _sample.CreateClient();
    }

    [TearDown]
    public async Task StopSample()
    {
        _client.Dispose();
        await _sample.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task TheErasureEndpointRemovesTheUsersEventsAndPapikaRowsAndNobodyElses()
    {
        var leaving = await PlayAsync("leaving-player");
        var staying = await PlayAsync("staying-player");
        var leavingEvents = CountEvents(leaving);
        Assert.That(leavingEvents, Is.GreaterThanOrEqualTo(2), "a session and an event were stored");
        Assert.That(CountPapikaRows(leaving), Is.EqualTo(3), "the user, its session and its assignment");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/eventtracking/erase")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { user_id = leaving }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Authorization", "Bearer " + AdminKey);
        using var response = await _client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        using var report = JsonDocument.Parse(body);
        var stores = report.RootElement.GetProperty("stores").EnumerateArray().ToDictionary(s => s.GetProperty("path").GetString()!);
        Assert.That(stores["store/db"].GetProperty("removed").GetInt64(), Is.EqualTo(leavingEvents), body);
        Assert.That(stores["papika"].GetProperty("removed").GetInt64(), Is.EqualTo(3), body);
        Assert.That(CountEvents(leaving), Is.Zero);
        Assert.That(CountPapikaRows(leaving), Is.Zero);
        Assert.That(ReadOnlySqlite.Count(PapikaPath, "papika_users", "username = 'leaving-player'"), Is.Zero, "the user name is gone");
        Assert.That(CountEvents(staying), Is.GreaterThanOrEqualTo(2));
        Assert.That(CountPapikaRows(staying), Is.EqualTo(3));
    }

    [Test]
    public async Task EraseUserAsyncOnTheApplicationsTrackerCoversPapikaToo()
    {
        var leaving = await PlayAsync("code-erased-player");
        var staying = await PlayAsync("code-kept-player");
        var leavingEvents = CountEvents(leaving);

        var tracker = _sample.Services.GetRequiredService<ITracker>();
        var report = await tracker.EraseUserAsync(leaving);

        Assert.That(report.Stores.Select(s => (s.Path, s.Outcome, s.Removed)), Is.EqualTo(new[]
        {
            ("store/db", StoreErasureOutcome.Erased, leavingEvents),
            ("papika", StoreErasureOutcome.Erased, 3L),
        }));
        Assert.That(report.Stores[1].Backend, Is.EqualTo("PapikaStore"));
        Assert.That(CountEvents(leaving) + CountPapikaRows(leaving), Is.Zero);
        Assert.That(CountPapikaRows(staying), Is.EqualTo(3));
    }

    [Test]
    public async Task TheErasureEndpointStillRefusesAnonymousCallers()
    {
        var leaving = await PlayAsync("anonymous-target");
        using var response = await _client.PostAsync(
            "/eventtracking/erase", new StringContent(JsonSerializer.Serialize(new { user_id = leaving }), Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(CountPapikaRows(leaving), Is.EqualTo(3));
    }

    private async Task<string> PlayAsync(string username)
    {
        var python = new PythonClient(_client, PapikaSetup.ReleaseId);
        var user = await python.QueryUserIdAsync(username);
        await python.QueryExperimentalConditionAsync(user, Experiment);
        await python.SendUserSavedataAsync(user, new Dictionary<string, object?> { ["level"] = 3 });
        await python.LogSessionAsync(user, new Dictionary<string, object?> { ["im"] = "some data" });
        python.LogEvent(0, 23, "an event");
        using var flushed = await python.FlushEventsAsync();
        Assert.That(flushed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return user;
    }

    private long CountEvents(string user) =>
        ReadOnlySqlite.Count(Path.Combine(_directory, "events.db"), "events", "json_extract(context, '$.user_id') = $user", [("$user", user)]);

    private long CountPapikaRows(string user) =>
        ReadOnlySqlite.Count(PapikaPath, "papika_users", "id = $user", [("$user", user)])
        + ReadOnlySqlite.Count(PapikaPath, "papika_sessions", "user_id = $user", [("$user", user)])
        + ReadOnlySqlite.Count(PapikaPath, "papika_experiment_conditions", "user_id = $user", [("$user", user)]);
}
