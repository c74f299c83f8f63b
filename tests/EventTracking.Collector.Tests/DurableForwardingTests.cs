using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests;

/// <summary>
/// A producer with a durable node in front of <see cref="HttpBackend"/>, against the collector on real Kestrel whose
/// store is down (it answers 503 with <c>Retry-After</c>): nothing is lost or stored twice, also across a restart.
/// </summary>
public sealed class DurableForwardingTests
{
    private const int Events = 2000;

    [Test]
    public async Task EventsEmittedWhileTheCollectorsStoreIsDownAreAllStoredOnceAfterAProducerRestart()
    {
        await using var collector = await CollectorTestHost.StartAsync(h => h
            .SwitchInFrontOfStore()
            .Collector(o => o.RetryAfter = TimeSpan.FromSeconds(1)));
        collector.Switch.Down = true;
        using var folder = new TemporaryFolder();
        using var dropped = new EventTrackingMeasurements("eventtracking.events.dropped");
        using var delivered = new EventTrackingMeasurements("eventtracking.events.delivered");
        var name = "forward-" + Guid.NewGuid().ToString("N");

        var first = Producer(collector, folder.Path, name);
        for (var i = 0; i < Events - 1; i++)
        {
            first.Emit("game.state", new { i });
        }

        // Acknowledged: on disk, with everything emitted before it.
        await first.EmitAsync("game.state", new { i = Events - 1 }).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        await first.DisposeAsync();
        var storedWhileDown = collector.CountStored();

        collector.Switch.Down = false;
        var second = Producer(collector, folder.Path, name);
        await using (second)
        {
            await second.FlushAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(120));
        }

        var stored = await collector.StoredAsync();
        Assert.Multiple(() =>
        {
            Assert.That(storedWhileDown, Is.Zero);
            Assert.That(stored, Has.Count.EqualTo(Events));
            Assert.That(stored.Select(e => e.Data["i"]?.ToString()).Distinct().Count(), Is.EqualTo(Events), "no event stored twice");
            Assert.That(dropped.Sum(), Is.Zero, "nothing dropped, for any reason");
            Assert.That(delivered.Sum("eventtracking.node", name), Is.EqualTo(Events), "each event counted delivered once");
        });
    }

    private static Tracker Producer(CollectorTestHost collector, string folder, string name)
    {
        var http = new HttpBackend(new HttpBackendOptions
        {
            Endpoint = new Uri(collector.BaseAddress, "/api/events"),
            ApiKey = CollectorTestHost.MobileKey,
            MaxRetries = 1,
        });
        var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["http"] = http },
            options: new AsyncRoutingOptions
            {
                Name = name,
                RetryBaseDelay = TimeSpan.FromMilliseconds(50),
                ShutdownTimeout = TimeSpan.FromMilliseconds(500),
                Buffer = new DurableBufferOptions { Path = folder },
            });
        return new Tracker(new Dictionary<string, IEventBackend> { ["forward"] = node });
    }
}
