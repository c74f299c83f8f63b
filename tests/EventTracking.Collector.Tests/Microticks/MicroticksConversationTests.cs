using System.Text.Json;
using EventTracking.Collector.Tests.Microticks.Support;
using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests.Microticks;

/// <summary>The jQuery client's whole conversation, from session start to the last event, against a real Kestrel.</summary>
public sealed class MicroticksConversationTests
{
    private CollectorTestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartHost() => _host = await CollectorTestHost.StartAsync(h => h.MicroticksWithReadKey());

    [OneTimeTearDown]
    public async Task StopHost() => await _host.DisposeAsync();

    [SetUp]
    public Task SetUp() => _host.ResetAsync();

    [Test]
    public async Task EverythingTheClientSendsIsStoredAsEventsOfItsSession()
    {
        var key = await _host.CreateConsumerAsync("touch-table");
        var client = _host.NewClient(key);

        var started = await client.StartSessionAsync();
        var startTs = client.LastTs;
        var first = await client.TrackEventAsync("click", new { target = "book-1", clickX = 10, clickY = 20 });
        var second = await client.TrackEventAsync("click", new { target = "book-2", clickX = 30, clickY = 40 });
        var clickTs = client.LastTs;
        var token = client.SessionToken;
        await client.StopSessionAsync("idle");

        Assert.That(started.GetProperty("token").GetString(), Does.Match("^[0-9a-f]{32}$"));
        Assert.That(first.GetProperty("event_id").GetInt64(), Is.EqualTo(1));
        Assert.That(second.GetProperty("event_id").GetInt64(), Is.EqualTo(2));

        var stored = await _host.StoredAsync();
        Assert.That(stored.Select(e => e.Name), Is.EqualTo(new[] { "microticks.session.start", "click", "click", "stopSession", "microticks.session.stop" }));
        Assert.That(stored.Select(e => e.Context["session_id"]).Distinct(), Is.EqualTo(new object[] { 1L }), "one session, one context");
        Assert.That(stored.Select(e => e.Context["consumer"]).Distinct(), Is.EqualTo(new object[] { "touch-table" }));
        Assert.That(stored.Select(e => e.Context["client_ip"]).Distinct(), Is.EqualTo(new object[] { "127.0.0.1" }));
        Assert.That(stored.Select(e => e.Context["collector_surface"]).Distinct(), Is.EqualTo(new object[] { "microticks" }));

        var start = stored[0];
        Assert.That(start.Timestamp, Is.EqualTo(new DateTimeOffset(2017, 8, 25, 17, 9, 19, 438, TimeSpan.Zero)), "the client's ts, parsed");
        Assert.That(start.Context["ts"], Is.EqualTo(startTs), "and kept verbatim");
        Assert.That(start.Context["consumer_id"], Is.EqualTo(1L));
        Assert.That(start.Context.ContainsKey("received_at"), Is.True);

        var click = stored[2];
        Assert.That(click.Data, Is.EqualTo(new Dictionary<string, object?> { ["target"] = "book-2", ["clickX"] = 30L, ["clickY"] = 40L }));
        Assert.That(click.Context["ts"], Is.EqualTo(clickTs));
        Assert.That(click.Context["microticks_event_id"], Is.EqualTo(2L));
        Assert.That(click.Context["data_format"], Is.EqualTo("object"));
        Assert.That(stored[3].Data, Is.EqualTo(new Dictionary<string, object?> { ["reason"] = "idle" }));
        Assert.That(stored.Any(e => e.Context.Values.Contains(token)), Is.False, "the token is never stored");
    }

    [Test]
    public async Task TheReadRoutesAnswerTheConversationFromTheStore()
    {
        var client = _host.NewClient(await _host.CreateConsumerAsync("touch-table"));
        await client.StartSessionAsync();
        await client.TrackEventAsync("click", new { target = "book-1" });
        await client.TrackEventAsync("zoom", 2);
        await client.StopSessionAsync("idle");

        var events = await _host.Client.GetStringAsync($"{MicroticksSetup.Prefix}/events?key={MicroticksSetup.ReadKey}");
        var sessions = await _host.Client.GetStringAsync($"{MicroticksSetup.Prefix}/sessions?key={MicroticksSetup.ReadKey}");

        Assert.That(events, Is.EqualTo(
            """{"count":3,"events":[""" +
            """{"action":"click","data":{"target":"book-1"},"id":1,"session_id":1,"time":"2017-08-25T17:09:20.438Z"},""" +
            """{"action":"zoom","data":2,"id":2,"session_id":1,"time":"2017-08-25T17:09:21.438Z"},""" +
            """{"action":"stopSession","data":{"reason":"idle"},"id":3,"session_id":1,"time":"2017-08-25T17:09:22.438Z"}""" +
            """],"status":200}"""));
        Assert.That(sessions, Is.EqualTo(
            """{"count":1,"sessions":[{"clicks":1,"consumer_id":1,"id":1,"last_action":"2017-08-25T17:09:20.438Z","started_at":"2017-08-25""" +
            """T17:09:19.438Z","stopped_at":"2017-08-25T17:09:23.438Z"}],"status":200}"""));
    }

    [Test]
    public async Task AClientStartsANewSessionAfterStoppingOne()
    {
        var client = _host.NewClient(await _host.CreateConsumerAsync("touch-table"));
        await client.StartSessionAsync();
        var firstToken = client.SessionToken;
        await client.TrackEventAsync("click", null);
        await client.StopSessionAsync("idle");
        await client.StartSessionAsync();
        await client.TrackEventAsync("click", null);

        Assert.That(client.SessionToken, Is.Not.EqualTo(firstToken));
        var stored = await _host.StoredAsync();
        Assert.That(stored.Where(e => e.Name == "click").Select(e => e.Context["session_id"]), Is.EqualTo(new object[] { 1L, 2L }));
        using var old = await client.SendAsync("/events", ("action", "click"), ("data", "null"));
        Assert.That(await old.Content.ReadAsStringAsync(), Is.EqualTo("""{"status":200,"event_id":4}"""), "the new token works");
    }
}
