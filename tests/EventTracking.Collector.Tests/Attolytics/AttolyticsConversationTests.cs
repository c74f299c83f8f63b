using EventTracking.Collector.Tests.Support;
using static EventTracking.Collector.Tests.Attolytics.AttolyticsSchemas;

namespace EventTracking.Collector.Tests.Attolytics;

/// <summary>A browser game's whole session, from the first preflight to the last event.</summary>
public sealed class AttolyticsConversationTests
{
    [Test]
    public async Task ABrowserSessionFromPreflightToTheLastEventIsStoredInOrder()
    {
        await using var server = await CollectorTestHost.StartAsync(h => h.AttolyticsWithSwitch());
        var session = new BrowserSession(server.Client, MyApp, MyAppKey, MyAppOrigin);

        using (var preflight = await session.PreflightAsync())
        {
            Assert.That((int)preflight.StatusCode, Is.EqualTo(200));
            Assert.That(preflight.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { MyAppOrigin }));
        }

        await PostAsync(session, session.Batch((1700000000.001, "session_start", null)), 200);
        await PostAsync(session, session.Batch((1700000001.5, "level_start", null), (1700000030, "level_end", 1200), (1700000031, "click", null)), 200);

        var batch = session.Batch((1700000040, "level_start", null), (1700000090.25, "level_end", 800));
        server.Switch.Down = true;
        await PostAsync(session, batch, 503);
        server.Switch.Down = false;
        await PostAsync(session, batch, 200);

        server.Clock.Advance(TimeSpan.FromMinutes(2));
        await PostAsync(session, session.Batch((1700000100, "session_end", null)), 200);

        var stored = (await server.StoredWithMarkerAsync(session.UserId)).OrderBy(e => e.Data["time"]).ToArray();
        Assert.That(stored.Select(e => e.Data["event_type"]), Is.EqualTo(new[]
        {
            "session_start", "level_start", "level_end", "click", "level_start", "level_end", "session_end",
        }), "the batch that met a failed store was stored once, after the retry");
        Assert.That(stored.Select(e => e.Data["score"]), Is.EqualTo(new object?[] { null, null, 1200L, null, null, 800L, null }));
        Assert.That(stored, Has.All.Matches<TrackingEvent>(e => e.Name == "events" && (string?)e.Data["referer"] == session.PageUrl));
        Assert.That(stored[0].Data["time"], Is.EqualTo("2023-11-14T22:13:20.001000+00:00"));
        Assert.That(stored[^1].Timestamp, Is.EqualTo(AttolyticsSetup.Now.AddMinutes(2)), "the receive time");
        Assert.That(stored.Select(e => e.Id).Distinct().Count(), Is.EqualTo(7));
    }

    private static async Task PostAsync(BrowserSession session, string body, int status)
    {
        using var response = await session.PostAsync(body);
        Assert.That((int)response.StatusCode, Is.EqualTo(status));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { MyAppOrigin }), "the page may read every answer");
        if (status == 503)
        {
            Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
        }
    }
}
