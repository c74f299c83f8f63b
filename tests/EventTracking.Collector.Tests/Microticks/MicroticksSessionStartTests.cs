using EventTracking.Collector.Tests.Microticks.Support;
using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests.Microticks;

/// <summary><c>POST /sessions</c>: <c>consumer_key</c> then <c>ts</c>, answered with the original's bodies.</summary>
public sealed class MicroticksSessionStartTests
{
    private CollectorTestHost _host = null!;
    private string _key = null!;

    [OneTimeSetUp]
    public async Task StartHost() => _host = await CollectorTestHost.StartAsync(h => h.MicroticksWithReadKey());

    [OneTimeTearDown]
    public async Task StopHost() => await _host.DisposeAsync();

    [SetUp]
    public async Task SetUp()
    {
        await _host.ResetAsync();
        _key = await _host.CreateConsumerAsync("touch-table");
    }

    [Test]
    public async Task AStartedSessionAnswersStatusThenA32HexToken()
    {
        var (status, body, _) = await Posts.FormAsync(_host.Client, "/sessions", ("consumer_key", _key), ("ts", "2017-08-25T17:09:19.438Z"), ("token", ""));

        Assert.That(status, Is.EqualTo(200));
        Assert.That(body, Does.Match("""^\{"status":200,"token":"[0-9a-f]{32}"\}$"""));
    }

    [Test]
    public async Task TheSessionsTableKeepsNoClientAddressOnlyTheRedactableEventDoes()
    {
        var (status, _, _) = await Posts.FormAsync(_host.Client, "/sessions", ("consumer_key", _key), ("ts", "2017-08-25T17:09:19.438Z"));

        Assert.That(status, Is.EqualTo(200));
        Assert.That(ReadOnlySqlite.Count(_host.Store.Path, "microticks_sessions"), Is.EqualTo(1));
        Assert.That(ReadOnlySqlite.Count(_host.Store.Path, "microticks_sessions", "client_ip IS NOT NULL"), Is.Zero);
        Assert.That(_host.CountStoredWhere("json_extract(context, '$.client_ip') = '127.0.0.1'"), Is.EqualTo(1), "the start event carries it");
    }

    [TestCase("2017-08-25T17:09:19.438Z\r\nforged: yes", "holds a control or format character, a line break or an unpaired surrogate", TestName = "a session ts with CR LF")]
    [TestCase("2017-08-25T17:09:19.438Z\u2028", "holds a control or format character, a line break or an unpaired surrogate", TestName = "a session ts with a line separator")]
    [TestCase("2017-08-25T17:09:19.438Z                                                    ", "longer than 64 characters", TestName = "a session ts over 64 characters")]
    public async Task ATsUnfitToKeepOpensNoSession(string ts, string reason)
    {
        var (status, body, _) = await Posts.FormAsync(_host.Client, "/sessions", ("consumer_key", _key), ("ts", ts));

        Assert.That(status, Is.EqualTo(400));
        Assert.That(body, Is.EqualTo($$"""{"error":"Invalid \"ts\": {{reason}}","status":400}"""));
        Assert.That(ReadOnlySqlite.Count(_host.Store.Path, "microticks_sessions"), Is.Zero);
        Assert.That(await _host.StoredAsync(), Is.Empty);
    }

    [Test]
    public async Task AMissingConsumerKeyIsReportedFirst()
    {
        var (status, body, _) = await Posts.FormAsync(_host.Client, "/sessions");

        Assert.That(status, Is.EqualTo(400));
        Assert.That(body, Is.EqualTo("""{"error":"No \"consumer_key\" parameter provided","status":400}"""));
    }

    [Test]
    public async Task AMissingTsIsReportedAfterTheKeyIsChecked()
    {
        var (status, body, _) = await Posts.FormAsync(_host.Client, "/sessions", ("consumer_key", _key));

        Assert.That(status, Is.EqualTo(400));
        Assert.That(body, Is.EqualTo("""{"error":"No \"ts\" parameter provided","status":400}"""));
    }

    [Test]
    public async Task AnUnknownKeyIsInvalidEvenWithoutTs()
    {
        var (status, body, _) = await Posts.FormAsync(_host.Client, "/sessions", ("consumer_key", "0123456789abcdef0123456789abcdef"));

        Assert.That(status, Is.EqualTo(400));
        Assert.That(body, Is.EqualTo("""{"error":"Invalid consumer_key","status":400}"""));
    }

    [Test]
    public async Task AKeyDiffersFromItsUpperCase()
    {
        var (_, body, _) = await Posts.FormAsync(_host.Client, "/sessions", ("consumer_key", _key.ToUpperInvariant()), ("ts", "x"));

        Assert.That(body, Is.EqualTo("""{"error":"Invalid consumer_key","status":400}"""));
    }

    [Test]
    public async Task ADeactivatedConsumerIsNotActive()
    {
        using var output = new StringWriter();
        Assert.That(await _host.RunCommandAsync(output, "microticks", "deactivate-consumer", "touch-table"), Is.Zero);

        var (status, body, _) = await Posts.FormAsync(_host.Client, "/sessions", ("consumer_key", _key), ("ts", "2017-08-25T17:09:19.438Z"));

        Assert.That(status, Is.EqualTo(400));
        Assert.That(body, Is.EqualTo("""{"error":"Consumer is not active.","status":400}"""));
    }

    [Test]
    public async Task AJsonBodyMakesEveryFieldLookMissing()
    {
        var (status, body) = await Posts.RawAsync(_host.Client, "/sessions", $$"""{"consumer_key":"{{_key}}","ts":"2017-08-25T17:09:19.438Z"}""", "application/json");

        Assert.That(status, Is.EqualTo(400));
        Assert.That(body, Is.EqualTo("""{"error":"No \"consumer_key\" parameter provided","status":400}"""));
    }

    [Test]
    public async Task AMultipartFormIsReadLikeAnEncodedOne()
    {
        using var form = new MultipartFormDataContent { { new StringContent(_key), "consumer_key" }, { new StringContent("2017-08-25T17:09:19.438Z"), "ts" } };
        using var response = await _host.Client.PostAsync(MicroticksSetup.Prefix + "/sessions", form);

        Assert.That(await response.Content.ReadAsStringAsync(), Does.StartWith("""{"status":200,"token":"""));
    }

    [Test]
    public async Task AnEmptyTsIsPresentAndKeptVerbatim()
    {
        var (status, _, _) = await Posts.FormAsync(_host.Client, "/sessions", ("consumer_key", _key), ("ts", ""));

        Assert.That(status, Is.EqualTo(200));
        var start = (await _host.StoredAsync()).Single();
        Assert.That(start.Context["ts"], Is.EqualTo(""));
        Assert.That(start.Timestamp, Is.EqualTo(EventJson.ParseTimestamp((string)start.Context["received_at"]!)), "a ts that does not parse leaves the receive time");
    }

    [Test]
    public async Task EachSessionGetsItsOwnTokenAndNumber()
    {
        var first = await _host.NewClient(_key).StartSessionAsync();
        var second = await _host.NewClient(_key).StartSessionAsync();

        Assert.That(first.GetProperty("token").GetString(), Is.Not.EqualTo(second.GetProperty("token").GetString()));
        var starts = await _host.StoredAsync();
        Assert.That(starts.Select(e => e.Context["session_id"]), Is.EquivalentTo(new object[] { 1L, 2L }), "both started at the same ts");
        Assert.That(starts.Select(e => e.Id).Distinct().Count(), Is.EqualTo(2));
    }
}
