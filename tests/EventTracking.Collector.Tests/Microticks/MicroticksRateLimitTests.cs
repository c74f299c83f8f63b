using EventTracking.Collector.Tests.Microticks.Support;
using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests.Microticks;

/// <summary>The collector's rate limits apply to Microticks too: per client address, and per consumer as the key.</summary>
public sealed class MicroticksRateLimitTests
{
    [Test]
    public async Task AConsumerOverItsLimitGets429WithRetryAfterAndNothingIsStored()
    {
        await using var host = await CollectorTestHost.StartAsync(h => h.MicroticksWithReadKey().Collector(o =>
        {
            o.MaxBatchSize = 1;
            o.RateLimit.EventsPerKey = 2;
            o.RateLimit.Window = TimeSpan.FromMinutes(1);
        }));
        var client = host.NewClient(await host.CreateConsumerAsync("touch-table"));
        await client.StartSessionAsync();
        await client.TrackEventAsync("click", 1);

        using var refused = await client.SendAsync("/events", ("action", "click"), ("data", "2"));

        Assert.That((int)refused.StatusCode, Is.EqualTo(429));
        Assert.That(await refused.Content.ReadAsStringAsync(), Is.EqualTo("""{"error":"Rate limit exceeded: 2 per 1 minute","status":429}"""));
        Assert.That(refused.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(refused.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { MicroticksSetup.Origin }));
        Assert.That((await host.StoredAsync()).Select(e => e.Name), Is.EqualTo(new[] { "microticks.session.start", "click" }));
    }
}
