using System.Globalization;
using System.Net;
using System.Text.Json;
using EventTracking.Collector.Tests.Papika.Support;
using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests.Papika;

/// <summary>Each real client's whole conversation, from its first request to its last event, read back from SQLite.</summary>
public sealed class PapikaConversationTests
{
    private const string Group = "586c3a14-3659-4975-a28e-d88811a4632b";

    [TestCase("en-US")]
    [TestCase("de-DE")]
    [TestCase("ja-JP")]
    public async Task TheUnityClientsConversation(string culture)
    {
        await using var host = await CollectorTestHost.StartAsync(h => h.PapikaWithTestExperiments());
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            // The game is configured with a base URI under some path; the client still resolves /api/... at the root.
            var unity = new UnityClient(host.Client, new Uri(host.BaseAddress, "/games/pika/"), Guid.Parse(PapikaSetup.ReleaseId), CultureInfo.CurrentCulture);

            var userId = await unity.QueryUserIdAsync("pika");
            Assert.That(await unity.QueryUserIdAsync("pika"), Is.EqualTo(userId));
            var condition = await unity.QueryExperimentalConditionAsync(userId, Guid.Parse(PapikaSetup.TwoConditions));
            Assert.That(await unity.QueryExperimentalConditionAsync(userId, Guid.Parse(PapikaSetup.TwoConditions)), Is.EqualTo(condition));
            Assert.That(await unity.QueryUserDataAsync(userId), Is.EqualTo($$"""{"id":"{{userId}}","savedata":null}"""));
            Assert.That(await unity.SetUserDataAsync(userId, "level=3;coins=12"), Is.EqualTo("""{"is_success":true}"""));
            Assert.That(await unity.QueryUserDataAsync(userId), Is.EqualTo($$"""{"id":"{{userId}}","savedata":"level=3;coins=12"}"""));

            await unity.StartSessionAsync(userId, "{\"platform\": \"unity\"}");
            Assert.That(unity.SessionKey, Does.Match("^[0-9a-f]{64}$"));

            unity.LogEvent(1, 23, "{\"Im\": [\"An\", \"Event\"]}");
            var task = unity.StartTask(Guid.Parse(Group), 2, 2, "I'm a task start");
            unity.Now = unity.Now.AddSeconds(1);
            task.LogEvent(2, 10, "task event 1");
            Assert.That(await unity.FlushAsync(), Is.True);

            task.LogEvent(2, 432, "task event 2");
            unity.LogEvent(1, 62, "{\"A Different\": [null, false, \"Event\"]}");
            Assert.That(await unity.FlushAsync(), Is.True);
            Assert.That(unity.Pending, Is.Zero);

            var events = await SessionEventsAsync(host, unity.SessionId!.Value.ToString());
            Assert.That(events.Select(e => e.Name), Is.EqualTo(new[] { "papika.1.23", "papika.2.2", "papika.2.10", "papika.2.432", "papika.1.62" }));
            Assert.That(events[0].Data["Im"], Is.EqualTo(new object[] { "An", "Event" }));
            Assert.That(events[1].Data["detail"], Is.EqualTo("I'm a task start"));
            Assert.That(events[1].Data["task_start"], Is.EqualTo(new Dictionary<string, object?> { ["task_id"] = 1L, ["group_id"] = Group }));
            Assert.That(events[3].Data["task_event"], Is.EqualTo(new Dictionary<string, object?> { ["task_id"] = 1L, ["task_sequence_index"] = 2L }));
            Assert.That(events[4].Data["A Different"], Is.EqualTo(new object?[] { null, false, "Event" }));
            Assert.That(events.Select(e => e.Context["client_time"]), Is.EqualTo(new[]
            {
                "2016-03-14T14:03:04.000000", "2016-03-14T14:03:04.000000", "2016-03-14T14:03:05.000000", "2016-03-14T14:03:05.000000", "2016-03-14T14:03:05.000000",
            }));
            Assert.That(events.Select(e => e.Context["user_id"]), Is.All.EqualTo(userId.ToString()));
            Assert.That(events.Select(e => e.Context["library_revid"]), Is.All.EqualTo("UNKNOWN_REVISION_ID"));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Test]
    public async Task TheTypeScriptClientsConversationWithAFailedBatchResent()
    {
        await using var host = await CollectorTestHost.StartAsync(h => h.PapikaWithTestExperiments(o => o.AllowedOrigins.Add("http://localhost:8080")));
        var browser = new TypeScriptClient(host.Client, "http://localhost:8080", PapikaSetup.ReleaseId);

        var user = await browser.QueryUserIdAsync("pika");
        var condition = await browser.QueryExperimentalConditionAsync(user, PapikaSetup.FiveConditions);
        Assert.That(condition, Is.InRange(1, 5));
        Assert.That(await browser.QueryUserDataAsync(user), Is.Null);
        await browser.SaveUserDataAsync(user, new { level = 3, items = new[] { "key" } });
        Assert.That(JsonSerializer.Deserialize<JsonElement>((await browser.QueryUserDataAsync(user))!.GetValue<string>()).GetProperty("level").GetInt32(), Is.EqualTo(3));

        await browser.LogSessionAsync(user, new { screen = new[] { 1920, 1080 } });
        browser.LogEvent(1, 23, new { Im = new[] { "An", "Event" } });
        var logInTask = browser.StartTask(Group, 2, 2, "I'm a task start");
        logInTask(2, 10, "task event 1");

        host.Switch.Down = true;
        Assert.That(await browser.FlushAsync(), Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(browser.Pending, Is.EqualTo(3), "the client keeps what failed");

        host.Switch.Down = false;
        browser.UtcNow = browser.UtcNow.AddMilliseconds(250);
        logInTask(2, 432, "task event 2");
        Assert.That(await browser.FlushAsync(), Is.EqualTo(HttpStatusCode.OK), "the failed events go again with the new one");

        var events = await SessionEventsAsync(host, browser.SessionId!);
        Assert.That(events.Select(e => e.Name), Is.EqualTo(new[] { "papika.1.23", "papika.2.2", "papika.2.10", "papika.2.432" }));
        Assert.That(events.Select(e => e.Data["session_sequence_index"]), Is.EqualTo(new[] { 1L, 2L, 3L, 4L }));
        Assert.That(events[3].Context["client_time"], Is.EqualTo("2016-03-14T21:03:04.373000+00:00"));
        Assert.That(browser.Preflights, Has.Count.EqualTo(8), "one preflight before every request");
    }

    [Test]
    public async Task ThePythonReferenceClientsConversationWithChecksumsVerified()
    {
        await using var host = await CollectorTestHost.StartAsync(h => h.PapikaWithTestExperiments(o => o.VerifyChecksum = true));
        var python = new PythonClient(host.Client, PapikaSetup.ReleaseId);

        var user = await python.QueryUserIdAsync("pika");
        Assert.That(await python.QueryExperimentalConditionAsync(user, PapikaSetup.TwoConditions), Is.InRange(1, 2));
        Assert.That(await python.QueryUserSavedataAsync(user), Is.Null);
        await python.SendUserSavedataAsync(user, new Dictionary<string, object?> { ["I'm some"] = new[] { "save", "data" } });
        Assert.That(await python.QueryUserSavedataAsync(user), Is.EqualTo("""{"I'm some": ["save", "data"]}"""));

        await python.LogSessionAsync(user, new Dictionary<string, object?> { ["im"] = "some data", ["with"] = new object[] { 2, "arrays" } });
        python.LogEvent(0, 23, new Dictionary<string, object?> { ["Im"] = new[] { "An", "Event" } });
        var task = python.StartTask(Group, 0, 2, "I'm a task start");
        python.Now = python.Now.AddTicks(-1234560);
        python.LogEvent(0, 10, "task event 1", task, 1);
        python.LogEvent(0, 62, new Dictionary<string, object?> { ["A Different"] = new object?[] { null, false, "Event" } });
        using var flushed = await python.FlushEventsAsync();

        Assert.That(flushed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await flushed.Content.ReadAsStringAsync());
        var events = await SessionEventsAsync(host, python.SessionId!);
        Assert.That(events.Select(e => e.Name), Is.EqualTo(new[] { "papika.0.23", "papika.0.2", "papika.0.10", "papika.0.62" }));
        Assert.That(events.Select(e => e.Context["client_time"]), Is.EqualTo(new[]
        {
            "2016-03-14T14:03:04.123456", "2016-03-14T14:03:04.123456", "2016-03-14T14:03:04.000000", "2016-03-14T14:03:04.000000",
        }));
        var start = (await host.StoredAsync()).Single(e => e.Name == "papika.session");
        Assert.That(start.Data["with"], Is.EqualTo(new object[] { 2L, "arrays" }));
        Assert.That(start.Context["library_revid"], Is.EqualTo("8e533a5c4471fbd042ac0ead4ba84bafb9ca1d93+"));
    }

    [Test]
    public async Task WithChecksumsVerifiedAWrongOrEmptyChecksumIs403AndStoresNothing()
    {
        await using var host = await CollectorTestHost.StartAsync(h => h.PapikaWithTestExperiments(o => o.VerifyChecksum = true));
        var python = new PythonClient(host.Client, PapikaSetup.ReleaseId);
        var user = await python.QueryUserIdAsync("pika");
        await python.LogSessionAsync(user, "detail");
        var data = PapikaBodies.Events(PapikaBodies.Event(1));
        var storedBefore = host.CountStored();

        foreach (var checksum in new[] { string.Empty, PythonClient.Checksum(data + " ", new byte[32]), new string('0', 64) })
        {
            using var response = await host.PostJsonAsync("/api/event", PapikaBodies.OfSession(data, python.SessionId, checksum));

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), checksum);
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"title":"Forbidden","status":403,"detail":"the checksum does not match the data and the session key"}"""));
        }

        Assert.That(host.CountStored(), Is.EqualTo(storedBefore));
    }

    [Test]
    public async Task TheSessionKeyAsTextIsAcceptedInTheChecksumToo()
    {
        await using var host = await CollectorTestHost.StartAsync(h => h.PapikaWithTestExperiments(o => o.VerifyChecksum = true));
        using var start = await host.PostJsonAsync("/api/session", PapikaBodies.NonSession(
            """{"user_id":"6f1c0d3e-0b7a-4d55-8f33-2a9c1e5b7d40","client_time":"2016-03-14T21:03:04.123Z","library_revid":"rev","detail":"{}"}"""));
        var root = JsonDocument.Parse(await start.Content.ReadAsStringAsync()).RootElement;
        var (session, key) = (root.GetProperty("session_id").GetString(), root.GetProperty("session_key").GetString()!);
        var data = PapikaBodies.Events(PapikaBodies.Event(1));

        using var response = await host.PostJsonAsync("/api/event", PapikaBodies.OfSession(data, session, PythonClient.Checksum(data, System.Text.Encoding.ASCII.GetBytes(key)).ToUpperInvariant()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task WithoutVerificationTheChecksumIsIgnoredAsInTheOriginal()
    {
        await using var host = await CollectorTestHost.StartAsync(h => h.PapikaWithTestExperiments());
        var python = new PythonClient(host.Client, PapikaSetup.ReleaseId);
        await python.LogSessionAsync(await python.QueryUserIdAsync("pika"), "detail");

        using var response = await host.PostJsonAsync("/api/event", PapikaBodies.OfSession(PapikaBodies.Events(PapikaBodies.Event(1)), python.SessionId, "not a checksum"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task WhenPapikasStoreCannotBeOpenedTheClientGets503()
    {
        await using var host = await CollectorTestHost.StartAsync(h => h.PapikaWithTestExperiments(o => o.StorePath = Path.GetTempPath()));

        using var response = await host.PostJsonAsync("/api/user", PapikaBodies.NonSession("""{"username":"pika"}"""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
    }

    /// <summary>The session's events, in the order the client logged them.</summary>
    private static async Task<List<TrackingEvent>> SessionEventsAsync(CollectorTestHost host, string sessionId) =>
        [.. (await host.StoredAsync())
            .Where(e => e.Name != "papika.session" && Equals(e.Context["session_id"], sessionId))
            .OrderBy(e => (long)e.Data["session_sequence_index"]!)];
}
