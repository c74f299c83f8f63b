using EventTracking.Collector.Tests.Microticks.Support;
using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests.Microticks;

/// <summary>
/// Success is answered only once every store has the event; otherwise 503 with Retry-After, and sending the same
/// request again stores nothing twice.
/// </summary>
public sealed class MicroticksDeliveryFailureTests
{
    private const string Unavailable = """{"error":"The event could not be stored. Retry later.","status":503}""";

    private CollectorTestHost _host = null!;
    private JQueryMicroticksClient _client = null!;

    [OneTimeSetUp]
    public async Task StartHost() => _host = await CollectorTestHost.StartAsync(h => h.MicroticksWithReadKey().Collector(o => o.RetryAfter = TimeSpan.FromSeconds(7)).SwitchBesideStore("second"));

    [OneTimeTearDown]
    public async Task StopHost() => await _host.DisposeAsync();

    [SetUp]
    public async Task SetUp()
    {
        _host.Switch.Down = false;
        await _host.ResetAsync();
        _client = _host.NewClient(await _host.CreateConsumerAsync("touch-table"));
    }

    [Test]
    public async Task AnEventNotStoredEverywhereIs503AndItsRetryIsStoredOnceWithTheSameNumber()
    {
        await _client.StartSessionAsync();
        var fields = new[] { ("token", _client.SessionToken!), ("action", "click"), ("data", "{}"), ("ts", "2017-08-25T17:09:20.438Z") };
        _host.Switch.Down = true;

        var (status, body, response) = await Posts.FormAsync(_host.Client, "/events", fields);

        Assert.That(status, Is.EqualTo(503));
        Assert.That(body, Is.EqualTo(Unavailable));
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(7)));
        Assert.That(response.Headers.CacheControl?.ToString(), Is.EqualTo("public, max-age=0"));
        _host.Switch.Down = false;
        var retry = await Posts.FormAsync(_host.Client, "/events", fields);
        Assert.That(retry.Body, Is.EqualTo("""{"status":200,"event_id":1}"""));
        Assert.That((await _host.StoredAsync()).Count(e => e.Name == "click"), Is.EqualTo(1), "SQLite took the first attempt and skipped the retry");
    }

    [Test]
    public async Task AStartNotStoredEverywhereGivesNoTokenAndTheClientStartsAgain()
    {
        _host.Switch.Down = true;

        var (status, body, _) = await Posts.FormAsync(_host.Client, "/sessions", ("consumer_key", await _host.CreateConsumerAsync("kiosk")), ("ts", "2017-08-25T17:09:19.438Z"));

        Assert.That(status, Is.EqualTo(503));
        Assert.That(body, Is.EqualTo(Unavailable));
        _host.Switch.Down = false;
        await _client.StartSessionAsync();
        await _client.TrackEventAsync("click", null);
        Assert.That((await _host.StoredAsync()).Last().Context["session_id"], Is.EqualTo(2L), "the failed session was discarded");
    }

    [Test]
    public async Task AStopNotStoredEverywhereLeavesTheSessionOpenUntilTheRetry()
    {
        await _client.StartSessionAsync();
        var stop = new[] { ("ts", "2017-08-25T17:10:00.000Z"), ("token", _client.SessionToken!) };
        _host.Switch.Down = true;

        Assert.That((await Posts.FormAsync(_host.Client, "/sessions/stop", stop)).Status, Is.EqualTo(503));
        _host.Switch.Down = false;
        Assert.That((await _client.TrackEventAsync("click", null)).GetProperty("event_id").GetInt64(), Is.EqualTo(1), "still open");
        Assert.That((await Posts.FormAsync(_host.Client, "/sessions/stop", stop)).Body, Is.EqualTo("""{"status":200}"""));
        Assert.That((await _host.StoredAsync()).Count(e => e.Name == "microticks.session.stop"), Is.EqualTo(1));
    }
}
