using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventTracking.Collector.Tests.Papika.Support;
using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests.Papika;

/// <summary><c>/api/event</c>: batches stored whole or not at all, task fields kept, resends stored once.</summary>
public sealed class PapikaEventTests
{
    private const string Group = "586c3a14-3659-4975-a28e-d88811a4632b";

    private CollectorTestHost _host = null!;
    private string _session = null!;

    [OneTimeSetUp]
    public async Task StartHost() => _host = await CollectorTestHost.StartAsync(h => h.PapikaWithTestExperiments(o => o.MaxBatchSize = 5));

    [OneTimeTearDown]
    public async Task StopHost() => await _host.DisposeAsync();

    [SetUp]
    public async Task StartSession()
    {
        _host.Switch.Down = false;
        (_session, _) = await _host.StartSessionAsync();
    }

    [Test]
    public async Task EachEventIsStoredWithItsNameDataAndContext()
    {
        var start = PapikaBodies.Event(1, category: 3, type: 2, detail: "\"I'm a task start\"");
        start["task_start"] = new JsonObject { ["task_id"] = 1, ["group_id"] = Group };
        var inTask = PapikaBodies.Event(2, category: 3, type: 10, detail: """{"moves":[1,2]}""", clientTime: "2016-03-14 14:03:05.5");
        inTask["task_event"] = new JsonObject { ["task_id"] = 1, ["task_sequence_index"] = 1 };
        var plain = PapikaBodies.Event(3, category: 0, type: 32767, detail: "not json at all", clientTime: "3/14/2016 2:03:06 PM");

        Assert.That(await PostEventsAsync(PapikaBodies.Events(start, inTask, plain)), Is.EqualTo("""{"is_success":true}"""));

        var stored = (await _host.StoredAsync(_session)).Where(e => e.Name != "papika.session").OrderBy(e => e.Data["session_sequence_index"]).ToList();
        Assert.That(stored.Select(e => e.Name), Is.EqualTo(new[] { "papika.3.2", "papika.3.10", "papika.0.32767" }));

        Assert.That(stored[0].Data["detail"], Is.EqualTo("I'm a task start"));
        Assert.That(stored[0].Data["task_start"], Is.EqualTo(new Dictionary<string, object?> { ["task_id"] = 1L, ["group_id"] = Group }));
        Assert.That(stored[0].Data.ContainsKey("task_event"), Is.False);

        Assert.That(stored[1].Data["moves"], Is.EqualTo(new object[] { 1L, 2L }));
        Assert.That(stored[1].Data["session_sequence_index"], Is.EqualTo(2L));
        Assert.That(stored[1].Data["task_event"], Is.EqualTo(new Dictionary<string, object?> { ["task_id"] = 1L, ["task_sequence_index"] = 1L }));

        Assert.That(stored[2].Data["detail"], Is.EqualTo("not json at all"));
        Assert.That(stored.Select(e => e.Context["client_time"]), Is.EqualTo(new[] { "2016-03-14T21:03:04.123000+00:00", "2016-03-14T14:03:05.500000", "2016-03-14T14:03:06.000000" }));
        Assert.That(stored.Select(e => e.Context["session_id"]), Is.All.EqualTo(_session));
        Assert.That(stored.Select(e => e.Context["user_id"]), Is.All.EqualTo("6f1c0d3e-0b7a-4d55-8f33-2a9c1e5b7d40"));
        Assert.That(stored.Select(e => e.Context["library_revid"]), Is.All.EqualTo("rev"));
        Assert.That(stored.Select(e => e.Context["collector_surface"]), Is.All.EqualTo("papika"));
    }

    [TestCase("[1, 2]", TestName = "an array")]
    [TestCase("42", TestName = "a number")]
    [TestCase("null", TestName = "null")]
    [TestCase("""{"detail":"mine","x":1}""", TestName = "an object using one of Papika's own keys")]
    public async Task ADetailThatCannotBeTheDataIsKeptWholeUnderDetail(string detail)
    {
        await PostEventsAsync(PapikaBodies.Events(PapikaBodies.Event(1, detail: detail)));

        var stored = (await _host.StoredAsync(_session)).Single(e => e.Name == "papika.1.2");
        using var expected = JsonDocument.Parse(detail);
        Assert.That(JsonSerializer.Serialize(stored.Data["detail"]), Is.EqualTo(JsonSerializer.Serialize(expected.RootElement)));
        Assert.That(stored.Data["session_sequence_index"], Is.EqualTo(1L));
    }

    [Test]
    public async Task AnEmptyBatchSucceedsAndStoresNothing()
    {
        Assert.That(await PostEventsAsync("[]"), Is.EqualTo("""{"is_success":true}"""));
        Assert.That(_host.CountStored(_session), Is.EqualTo(1), "only the session start");
    }

    [Test]
    public async Task AResentBatchStoresNothingTwice()
    {
        var batch = PapikaBodies.Events(PapikaBodies.Event(1), PapikaBodies.Event(2, type: 5));

        await PostEventsAsync(batch);
        await PostEventsAsync(batch);
        await PostEventsAsync(PapikaBodies.Events(PapikaBodies.Event(1), PapikaBodies.Event(2, type: 5), PapikaBodies.Event(3)));

        Assert.That(_host.CountStored(_session), Is.EqualTo(1 + 3));
    }

    [Test]
    public async Task AnIndexReusedForADifferentEventLosesNeither()
    {
        await PostEventsAsync(PapikaBodies.Events(PapikaBodies.Event(1, detail: "\"first\"")));
        await PostEventsAsync(PapikaBodies.Events(PapikaBodies.Event(1, detail: "\"second\"")));

        Assert.That(_host.CountStored(_session), Is.EqualTo(1 + 2));
    }

    [Test]
    public async Task WhenTheStoreIsDownTheBatchIs503ThenItsResendIsStoredOnce()
    {
        var batch = PapikaBodies.Events(PapikaBodies.Event(1), PapikaBodies.Event(2));
        _host.Switch.Down = true;

        using (var refused = await _host.PostJsonAsync("/api/event", PapikaBodies.OfSession(batch, _session)))
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(refused.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        }

        _host.Switch.Down = false;
        await PostEventsAsync(batch);
        await PostEventsAsync(batch);

        Assert.That(_host.CountStored(_session), Is.EqualTo(1 + 2));
    }

    [TestCase("task_start", """{"task_id":1}""", "event 2: task_start: missing field 'group_id'")]
    [TestCase("task_start", """{"task_id":1,"group_id":"level-one"}""", "event 2: task_start: 'group_id' is not a UUID")]
    [TestCase("task_start", """{"task_id":"one","group_id":"586c3a14-3659-4975-a28e-d88811a4632b"}""", "event 2: task_start: 'task_id' must be an integer")]
    [TestCase("task_start", "7", "event 2: 'task_start' must be a JSON object")]
    [TestCase("task_event", """{"task_id":1}""", "event 2: task_event: missing field 'task_sequence_index'")]
    [TestCase("task_event", "null", "event 2: 'task_event' must be a JSON object")]
    public async Task ABadTaskRowRefusesTheWholeBatch(string field, string value, string reason)
    {
        var last = PapikaBodies.Event(3);
        last[field] = JsonNode.Parse(value);

        using var response = await _host.PostJsonAsync("/api/event", PapikaBodies.OfSession(PapikaBodies.Events(PapikaBodies.Event(1), PapikaBodies.Event(2), last), _session));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Detail(await response.Content.ReadAsStringAsync()), Is.EqualTo(reason));
        Assert.That(_host.CountStored(_session), Is.EqualTo(1), "nothing of the batch, only the session start");
    }

    [TestCase("session_sequence_index", null, "missing field 'session_sequence_index'")]
    [TestCase("session_sequence_index", "\"1\"", "'session_sequence_index' must be an integer")]
    [TestCase("session_sequence_index", "1.5", "'session_sequence_index' must be an integer")]
    [TestCase("client_time", null, "missing field 'client_time'")]
    [TestCase("client_time", "1458000000", "'client_time' must be a string")]
    [TestCase("client_time", "\"soon\"", "'client_time' is not a time Papika clients send")]
    [TestCase("category_id", null, "missing field 'category_id'")]
    [TestCase("category_id", "-1", "'category_id' must be between 0 and 32767")]
    [TestCase("type_id", "32768", "'type_id' must be between 0 and 32767")]
    [TestCase("type_id", "true", "'type_id' must be an integer")]
    [TestCase("detail", null, "missing field 'detail'")]
    [TestCase("detail", """{"a":1}""", "'detail' must be a string")]
    public async Task ABadFieldInAnyEventRefusesTheWholeBatch(string field, string? value, string reason)
    {
        var bad = PapikaBodies.Event(2);
        if (value is null)
        {
            bad.Remove(field);
        }
        else
        {
            bad[field] = JsonNode.Parse(value);
        }

        using var response = await _host.PostJsonAsync("/api/event", PapikaBodies.OfSession(PapikaBodies.Events(PapikaBodies.Event(1), bad), _session));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Detail(await response.Content.ReadAsStringAsync()), Is.EqualTo("event 1: " + reason));
        Assert.That(_host.CountStored(_session), Is.EqualTo(1));
    }

    [TestCase("""{"events":[]}""", "'data' must be a JSON array of events")]
    [TestCase("""[1]""", "event 0: an event must be a JSON object")]
    public async Task DataMustBeAListOfEvents(string data, string reason)
    {
        using var response = await _host.PostJsonAsync("/api/event", PapikaBodies.OfSession(data, _session));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Detail(await response.Content.ReadAsStringAsync()), Is.EqualTo(reason));
    }

    [Test]
    public async Task AnUnknownSessionIs404()
    {
        using var response = await _host.PostJsonAsync("/api/event", PapikaBodies.OfSession(PapikaBodies.Events(PapikaBodies.Event(1)), Guid.NewGuid().ToString()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"title":"Not Found","status":404,"detail":"unknown session"}"""));
    }

    [TestCase(null, "missing field 'session'")]
    [TestCase("session-one", "'session' is not a UUID")]
    public async Task TheSessionMustBeAUuid(string? session, string reason)
    {
        using var response = await _host.PostJsonAsync("/api/event", PapikaBodies.OfSession(PapikaBodies.Events(PapikaBodies.Event(1)), session));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Detail(await response.Content.ReadAsStringAsync()), Is.EqualTo(reason));
    }

    [Test]
    public async Task ABatchOverTheLimitIs400()
    {
        var events = Enumerable.Range(1, 6).Select(i => PapikaBodies.Event(i)).ToArray();

        using var response = await _host.PostJsonAsync("/api/event", PapikaBodies.OfSession(PapikaBodies.Events(events), _session));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Detail(await response.Content.ReadAsStringAsync()), Is.EqualTo("the batch holds 6 events; at most 5 are accepted"));
        Assert.That(_host.CountStored(_session), Is.EqualTo(1));
    }

    [Test]
    public async Task ABatchOverThePerClientRateLimitIs429AndStoresNothing()
    {
        await using var host = await CollectorTestHost.StartAsync(h => h.PapikaWithTestExperiments(o => o.MaxBatchSize = 500).Collector(o => (o.RateLimit.EventsPerClient, o.RateLimit.Window) = (500, TimeSpan.FromHours(1))));
        var (session, _) = await host.StartSessionAsync();
        var first = PapikaBodies.Events([.. Enumerable.Range(1, 400).Select(i => PapikaBodies.Event(i))]);
        var second = PapikaBodies.Events([.. Enumerable.Range(401, 200).Select(i => PapikaBodies.Event(i))]);

        using var accepted = await host.PostJsonAsync("/api/event", PapikaBodies.OfSession(first, session));
        using var limited = await host.PostJsonAsync("/api/event", PapikaBodies.OfSession(second, session));

        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(limited.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(limited.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(Detail(await limited.Content.ReadAsStringAsync()), Is.EqualTo("Rate limit exceeded: 500 events per 1 hour."));
        Assert.That(host.CountStored(session), Is.EqualTo(1 + 400));
    }

    [Test]
    public async Task ABatchIsReadBackInTheOrderTheClientLoggedIt()
    {
        // The events of one request share the receive time as their timestamp; readers order by (timestamp, id).
        await PostEventsAsync(PapikaBodies.Events(
            PapikaBodies.Event(4, type: 4), PapikaBodies.Event(-1, type: 0), PapikaBodies.Event(5, type: 5), PapikaBodies.Event(2, type: 2), PapikaBodies.Event(3, type: 3)));

        var stored = (await _host.StoredAsync(_session)).Where(e => e.Name != "papika.session");

        Assert.That(stored.Select(e => e.Data["session_sequence_index"]), Is.EqualTo(new object[] { -1L, 2L, 3L, 4L, 5L }));
    }

    [Test]
    public async Task TheDocumentedQueryReadsASessionBackInOrder()
    {
        await PostEventsAsync(PapikaBodies.Events(PapikaBodies.Event(2, type: 7), PapikaBodies.Event(1, type: 5), PapikaBodies.Event(3, category: 4, type: 9)));
        var root = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "EventTracking.slnx")))
        {
            root = root.Parent;
        }

        var docs = await File.ReadAllTextAsync(Path.Combine(root!.FullName, "docs", "collector-papika.md"));
        var query = System.Text.RegularExpressions.Regex.Match(docs, "```sql\n(SELECT name,[^`]*)```").Groups[1].Value.Replace("'0b5e…'", "$session", StringComparison.Ordinal);

        await using var connection = ReadOnlySqlite.Open(_host.Store.Path);
        await using var command = connection.CreateCommand();
        command.CommandText = query;
        command.Parameters.AddWithValue("$session", _session);
        var rows = new List<(string, long, string)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetString(2)));
            }
        }

        Assert.That(rows, Is.EqualTo(new[]
        {
            ("papika.1.5", 1L, "2016-03-14T21:03:04.123000+00:00"),
            ("papika.1.7", 2L, "2016-03-14T21:03:04.123000+00:00"),
            ("papika.4.9", 3L, "2016-03-14T21:03:04.123000+00:00"),
        }));
    }

    private static string Detail(string problem) => JsonDocument.Parse(problem).RootElement.GetProperty("detail").GetString()!;

    private async Task<string> PostEventsAsync(string events)
    {
        using var response = await _host.PostJsonAsync("/api/event", PapikaBodies.OfSession(events, _session));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return text;
    }
}
