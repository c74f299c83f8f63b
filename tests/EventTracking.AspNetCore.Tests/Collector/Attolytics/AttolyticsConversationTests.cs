using System.Net.Http.Headers;
using System.Text;
using static EventTracking.AspNetCore.Tests.Collector.Attolytics.AttolyticsSchemas;

namespace EventTracking.AspNetCore.Tests.Collector.Attolytics;

/// <summary>A browser game's whole session, as its page's fetch() calls send it, from the first preflight to the last event.</summary>
public sealed class AttolyticsConversationTests
{
    private const string Page = "http://example.com/play";

    [Test]
    public async Task ABrowserSessionFromPreflightToTheLastEventIsStoredInOrder()
    {
        await using var server = AttolyticsServer.Start();
        var client = server.Client;
        var session = Guid.NewGuid().ToString("N");

        using (var preflight = new HttpRequestMessage(HttpMethod.Options, $"/apps/{MyApp}/events"))
        {
            preflight.Headers.Add("Origin", MyAppOrigin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
            using var allowed = await client.SendAsync(preflight);
            Assert.That((int)allowed.StatusCode, Is.EqualTo(200));
            Assert.That(allowed.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { MyAppOrigin }));
        }

        Assert.That(await SendAsync(client, Events(session, (1700000000.001, "session_start", null))), Is.EqualTo(200));
        Assert.That(await SendAsync(client, Events(session, (1700000001.5, "level_start", null), (1700000030, "level_end", 1200), (1700000031, "click", null))), Is.EqualTo(200));

        var batch = Events(session, (1700000040, "level_start", null), (1700000090.25, "level_end", 800));
        server.Switch.Failing = true;
        var failed = await SendAsync(client, batch);
        server.Switch.Failing = false;
        Assert.That(failed, Is.EqualTo(503), "a store is down; the page retries the same body after Retry-After");
        Assert.That(await SendAsync(client, batch), Is.EqualTo(200));

        server.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.That(await SendAsync(client, Events(session, (1700000100, "session_end", null))), Is.EqualTo(200));

        var stored = (await server.StoredAsync(session)).OrderBy(e => e.Data["time"]).ToArray();
        Assert.That(stored.Select(e => e.Data["event_type"]), Is.EqualTo(new[]
        {
            "session_start", "level_start", "level_end", "click", "level_start", "level_end", "session_end",
        }));
        Assert.That(stored.Select(e => e.Data["score"]), Is.EqualTo(new object?[] { null, null, 1200L, null, null, 800L, null }));
        Assert.That(stored, Has.All.Matches<TrackingEvent>(e => e.Name == "events" && (string?)e.Data["referer"] == Page));
        Assert.That(stored[0].Data["time"], Is.EqualTo("2023-11-14T22:13:20.001000+00:00"));
        Assert.That(stored[^1].Timestamp, Is.EqualTo(AttolyticsServer.Now.AddMinutes(2)), "the receive time");
        Assert.That(stored.Select(e => e.Id).Distinct().Count(), Is.EqualTo(7));
    }

    private static string Events(string session, params (double Time, string Type, int? Score)[] events) =>
        $$"""{"secret_key":"{{MyAppKey}}","events":[{{string.Join(",", events.Select(e =>
            $$"""{"_t":"events","time":{{e.Time.ToString(System.Globalization.CultureInfo.InvariantCulture)}},"platform":"web","version":"2.0.1","user_id":"{{session}}","event_type":"{{e.Type}}"{{(e.Score is { } s ? $",\"score\":{s}" : "")}}}"""))}}]}""";

    /// <summary>What a page's <c>fetch(url, {method: "POST", headers: {"Content-Type": "application/json"}, body})</c> sends.</summary>
    private static async Task<int> SendAsync(HttpClient client, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/apps/{MyApp}/events")
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("Origin", MyAppOrigin);
        request.Headers.Referrer = new Uri(Page);
        request.Headers.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0");
        using var response = await client.SendAsync(request);
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { MyAppOrigin }));
        return (int)response.StatusCode;
    }
}
