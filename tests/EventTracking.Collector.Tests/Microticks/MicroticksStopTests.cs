using EventTracking.Collector.Tests.Microticks.Support;
using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests.Microticks;

/// <summary><c>POST /sessions/stop</c>: <c>ts</c>, <c>token</c>, then the session.</summary>
public sealed class MicroticksStopTests
{
    private const string Ts = "2017-08-25T17:10:00.000Z";

    private CollectorTestHost _host = null!;
    private JQueryMicroticksClient _client = null!;

    [OneTimeSetUp]
    public async Task StartHost() => _host = await CollectorTestHost.StartAsync(h => h.MicroticksWithReadKey());

    [OneTimeTearDown]
    public async Task StopHost() => await _host.DisposeAsync();

    [SetUp]
    public async Task SetUp()
    {
        await _host.ResetAsync();
        _client = _host.NewClient(await _host.CreateConsumerAsync("touch-table"));
        await _client.StartSessionAsync();
    }

    [Test]
    public async Task AStoppedSessionAnswersOnlyItsStatusAndIsStoredAsAnEvent()
    {
        var (status, body, _) = await Posts.FormAsync(_host.Client, "/sessions/stop", ("ts", Ts), ("token", _client.SessionToken!));

        Assert.That(status, Is.EqualTo(200));
        Assert.That(body, Is.EqualTo("""{"status":200}"""));
        var stop = (await _host.StoredAsync()).Last();
        Assert.That(stop.Name, Is.EqualTo("microticks.session.stop"));
        Assert.That(stop.Context["ts"], Is.EqualTo(Ts));
        Assert.That(stop.Context["session_id"], Is.EqualTo(1L));
        Assert.That(stop.Timestamp, Is.EqualTo(new DateTimeOffset(2017, 8, 25, 17, 10, 0, TimeSpan.Zero)));
    }

    [Test]
    public async Task AStopTsWithAControlCharacterIsRefusedAndTheSessionStaysOpen()
    {
        var (status, body, _) = await Posts.FormAsync(_host.Client, "/sessions/stop", ("ts", Ts + "\u0007"), ("token", _client.SessionToken!));
        var (retried, _, _) = await Posts.FormAsync(_host.Client, "/sessions/stop", ("ts", Ts), ("token", _client.SessionToken!));

        Assert.That(status, Is.EqualTo(400));
        Assert.That(body, Is.EqualTo("""{"error":"Invalid \"ts\": holds a control or format character, a line break or an unpaired surrogate","status":400}"""));
        Assert.That(retried, Is.EqualTo(200), "the refused stop left the session open");
        Assert.That((await _host.StoredAsync()).Select(e => e.Name), Is.EqualTo(new[] { "microticks.session.start", "microticks.session.stop" }));
    }

    [Test]
    public async Task TsIsCheckedBeforeToken()
    {
        var (status, body, _) = await Posts.FormAsync(_host.Client, "/sessions/stop");

        Assert.That(status, Is.EqualTo(400));
        Assert.That(body, Is.EqualTo("""{"error":"No \"ts\" parameter provided","status":400}"""));
    }

    [Test]
    public async Task AMissingTokenIsReported()
    {
        var (_, body, _) = await Posts.FormAsync(_host.Client, "/sessions/stop", ("ts", Ts));

        Assert.That(body, Is.EqualTo("""{"error":"No \"token\" parameter provided","status":400}"""));
    }

    [Test]
    public async Task AnUnknownTokenFindsNoSession()
    {
        var (status, body, _) = await Posts.FormAsync(_host.Client, "/sessions/stop", ("ts", Ts), ("token", ""));

        Assert.That(status, Is.EqualTo(400));
        Assert.That(body, Is.EqualTo("""{"description":"Could not find session","status":400}"""));
    }

    [Test]
    public async Task ASecondStopFindsTheSessionAlreadyStopped()
    {
        await Posts.FormAsync(_host.Client, "/sessions/stop", ("ts", Ts), ("token", _client.SessionToken!));

        var (status, body, _) = await Posts.FormAsync(_host.Client, "/sessions/stop", ("ts", Ts), ("token", _client.SessionToken!));

        Assert.That(status, Is.EqualTo(400));
        Assert.That(body, Is.EqualTo("""{"description":"Session was already stopped.","status":400}"""));
        Assert.That((await _host.StoredAsync()).Count(e => e.Name == "microticks.session.stop"), Is.EqualTo(1));
    }
}
