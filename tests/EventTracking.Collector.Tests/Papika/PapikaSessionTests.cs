using System.Net;
using System.Text.Json;
using EventTracking.Collector.Tests.Papika.Support;
using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests.Papika;

/// <summary><c>/api/session</c>: a session id and key, the session kept in Papika's store, its start stored as an event.</summary>
public sealed class PapikaSessionTests
{
    private const string User = "6f1c0d3e-0b7a-4d55-8f33-2a9c1e5b7d40";

    private CollectorTestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartHost() => _host = await CollectorTestHost.StartAsync(h => h.PapikaWithTestExperiments().WithContext(new { application = "study" }));

    [OneTimeTearDown]
    public async Task StopHost() => await _host.DisposeAsync();

    [SetUp]
    public void StoreUp() => _host.Switch.Down = false;

    [Test]
    public async Task TheAnswerHoldsExactlySessionIdThenSessionKey()
    {
        using var response = await _host.PostJsonAsync("/api/session", PapikaBodies.NonSession(SessionData()));
        var text = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(text, Does.Match("^\\{\"session_id\":\"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\",\"session_key\":\"[0-9a-f]{64}\"\\}$"));
    }

    [Test]
    public async Task EverySessionGetsItsOwnIdAndKey()
    {
        var first = await StartAsync();
        var second = await StartAsync();

        Assert.That(second.Id, Is.Not.EqualTo(first.Id));
        Assert.That(second.Key, Is.Not.EqualTo(first.Key));
        Assert.That(_host.QueryPapikaStore($"SELECT session_key FROM papika_sessions WHERE id = '{first.Id}'"), Is.EqualTo(first.Key));
        Assert.That(_host.QueryPapikaStore($"SELECT release_id FROM papika_sessions WHERE id = '{first.Id}'"), Is.EqualTo(PapikaSetup.ReleaseId));
    }

    [Test]
    public async Task TheSessionStartIsStoredAsAnEventWithItsContext()
    {
        var (id, _) = await StartAsync(SessionData(detail: """{"im": "some data", "with": [2, "arrays"]}""", clientTime: "2016-03-14 14:03:04.123456"));

        var stored = (await _host.StoredAsync(id)).Single();

        Assert.That(stored.Name, Is.EqualTo("papika.session"));
        Assert.That(stored.Data["im"], Is.EqualTo("some data"));
        Assert.That(stored.Data["with"], Is.EqualTo(new object[] { 2L, "arrays" }));
        Assert.That(stored.Context["session_id"], Is.EqualTo(id));
        Assert.That(stored.Context["user_id"], Is.EqualTo(User));
        Assert.That(stored.Context["release_id"], Is.EqualTo(PapikaSetup.ReleaseId));
        Assert.That(stored.Context["library_revid"], Is.EqualTo("UNKNOWN_REVISION_ID"));
        Assert.That(stored.Context["client_time"], Is.EqualTo("2016-03-14T14:03:04.123456"));
        Assert.That(stored.Context["collector_surface"], Is.EqualTo("papika"));
        Assert.That(stored.Context["client_ip"], Is.EqualTo("127.0.0.1"));
        Assert.That(stored.Context["collector_key"], Is.Null);
        Assert.That(stored.Context["application"], Is.EqualTo("study"), "the process-wide context lies beneath");
        Assert.That(DateTimeOffset.Parse((string)stored.Context["received_at"]!, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(stored.Timestamp));
    }

    [Test]
    public async Task TheReleaseComesFromTheEnvelopeNotFromData()
    {
        var data = JsonSerializer.Serialize(new { user_id = User, release_id = "11111111-1111-1111-1111-111111111111", client_time = "2016-03-14T21:03:04.123Z", library_revid = "r", detail = "{}" });
        var (id, _) = await StartAsync(data);

        Assert.That((await _host.StoredAsync(id)).Single().Context["release_id"], Is.EqualTo(PapikaSetup.ReleaseId));
    }

    [TestCase(null, "missing field 'release'")]
    [TestCase("not-a-uuid", "'release' is not a UUID")]
    public async Task TheReleaseMustBeAUuid(string? release, string reason)
    {
        using var response = await _host.PostJsonAsync("/api/session", PapikaBodies.NonSession(SessionData(), release));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Detail(await response.Content.ReadAsStringAsync()), Is.EqualTo(reason));
    }

    [TestCase("""{"client_time":"2016-03-14T14:03:04Z","library_revid":"r","detail":"{}"}""", "missing field 'user_id'")]
    [TestCase("""{"user_id":"6f1c0d3e-0b7a-4d55-8f33-2a9c1e5b7d40","library_revid":"r","detail":"{}"}""", "missing field 'client_time'")]
    [TestCase("""{"user_id":"6f1c0d3e-0b7a-4d55-8f33-2a9c1e5b7d40","client_time":"2016-03-14T14:03:04Z","detail":"{}"}""", "missing field 'library_revid'")]
    [TestCase("""{"user_id":"6f1c0d3e-0b7a-4d55-8f33-2a9c1e5b7d40","client_time":"2016-03-14T14:03:04Z","library_revid":"r"}""", "missing field 'detail'")]
    [TestCase("""{"user_id":"6f1c0d3e-0b7a-4d55-8f33-2a9c1e5b7d40","client_time":"last tuesday","library_revid":"r","detail":"{}"}""", "'client_time' is not a time Papika clients send")]
    [TestCase("""{"user_id":"6f1c0d3e-0b7a-4d55-8f33-2a9c1e5b7d40","client_time":"2016-03-14T14:03:04Z","library_revid":"r","detail":{"a":1}}""", "'detail' must be a string")]
    [TestCase("""{"user_id":"6f1c0d3e-0b7a-4d55-8f33-2a9c1e5b7d40","client_time":"2016-03-14T14:03:04Z","library_revid":"rev\u001b[2J","detail":"{}"}""", "'library_revid' holds a control or format character, a line break or an unpaired surrogate", TestName = "a library_revid with a terminal escape")]
    [TestCase("""{"user_id":"6f1c0d3e-0b7a-4d55-8f33-2a9c1e5b7d40","client_time":"2016-03-14T14:03:04Z","library_revid":"rev\nforged line","detail":"{}"}""", "'library_revid' holds a control or format character, a line break or an unpaired surrogate", TestName = "a library_revid with a line break")]
    [TestCase("""{"user_id":"6f1c0d3e-0b7a-4d55-8f33-2a9c1e5b7d40","client_time":"2016-03-14T14:03:04Z","library_revid":7,"detail":"{}"}""", "'library_revid' must be a string", TestName = "a library_revid that is a number")]
    public async Task AMissingOrBadFieldIs400AndOpensNoSession(string data, string reason)
    {
        var (events, sessions) = (_host.CountStored(), _host.CountPapikaRows("papika_sessions"));

        using var response = await _host.PostJsonAsync("/api/session", PapikaBodies.NonSession(data));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Detail(await response.Content.ReadAsStringAsync()), Is.EqualTo(reason));
        Assert.That((_host.CountStored(), _host.CountPapikaRows("papika_sessions")), Is.EqualTo((events, sessions)));
    }

    [Test]
    public async Task ALibraryRevidOver256CharactersIs400AndOneOf256IsKept()
    {
        var sessions = _host.CountPapikaRows("papika_sessions");

        using var tooLong = await _host.PostJsonAsync("/api/session", PapikaBodies.NonSession(SessionData(libraryRevid: new string('r', 257))));
        var (id, _) = await StartAsync(SessionData(libraryRevid: new string('r', 256)));

        Assert.That(tooLong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Detail(await tooLong.Content.ReadAsStringAsync()), Is.EqualTo("'library_revid' is 257 characters long; at most 256 are accepted"));
        Assert.That(_host.CountPapikaRows("papika_sessions"), Is.EqualTo(sessions + 1));
        Assert.That(_host.QueryPapikaStore($"SELECT length(library_revid) FROM papika_sessions WHERE id = '{id}'"), Is.EqualTo(256));
    }

    [Test]
    public async Task WhenTheStartCannotBeStoredTheClientGets503AndNoSession()
    {
        _host.Switch.Down = true;

        using var response = await _host.PostJsonAsync("/api/session", PapikaBodies.NonSession(SessionData()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("session_id"));
    }

    private static string SessionData(string detail = "{}", string clientTime = "2016-03-14T21:03:04.123Z", string libraryRevid = "UNKNOWN_REVISION_ID") =>
        JsonSerializer.Serialize(new { user_id = User, client_time = clientTime, library_revid = libraryRevid, detail });

    private static string Detail(string problem) => JsonDocument.Parse(problem).RootElement.GetProperty("detail").GetString()!;

    private async Task<(string Id, string Key)> StartAsync(string? data = null)
    {
        using var response = await _host.PostJsonAsync("/api/session", PapikaBodies.NonSession(data ?? SessionData()));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (root.GetProperty("session_id").GetString()!, root.GetProperty("session_key").GetString()!);
    }
}
