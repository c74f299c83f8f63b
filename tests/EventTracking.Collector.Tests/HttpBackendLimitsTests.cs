using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests;

/// <summary>The two cases of issue 19, with default settings everywhere, against the collector on real Kestrel.</summary>
public sealed class HttpBackendLimitsTests
{
    [Test]
    public async Task AThousandEventsOfTwoKilobytesEachAreAllStoredThoughOneBatchWouldExceedTheBodyLimit([Values] bool durable)
    {
        await using var collector = await CollectorTestHost.StartAsync();
        using var folder = new TemporaryFolder();
        var (tracker, node) = Producer(collector, durable ? folder.Path : null);
        using var dropped = new EventTrackingMeasurements("eventtracking.events.dropped");
        await using (tracker)
        {
            for (var i = 0; i < 1000; i++)
            {
                tracker.Emit("game.state", new { i, blob = new string('x', 2300) });
            }

            await tracker.FlushAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));
        }

        Assert.Multiple(() =>
        {
            Assert.That(collector.CountStored(), Is.EqualTo(1000));
            Assert.That(dropped.Sum(), Is.Zero, "nothing dropped, for any reason");
        });
    }

    [Test]
    public async Task OneOversizedEventAmongFiveHundredIsDroppedAloneCountedOnceAndTheOthersAreStored([Values] bool durable, [Values] bool throwOnRejected)
    {
        await using var collector = await CollectorTestHost.StartAsync();
        using var folder = new TemporaryFolder();
        var (tracker, node) = Producer(collector, durable ? folder.Path : null, throwOnRejected);
        using var dropped = new EventTrackingMeasurements("eventtracking.events.dropped");
        using var delivered = new EventTrackingMeasurements("eventtracking.events.delivered");
        await using (tracker)
        {
            for (var i = 0; i < 500; i++)
            {
                tracker.Emit("game.state", new { i, blob = new string('x', i == 250 ? 40_000 : 100) });
            }

            await tracker.FlushAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));
        }

        var stored = await collector.StoredAsync();
        Assert.Multiple(() =>
        {
            Assert.That(stored, Has.Count.EqualTo(499));
            Assert.That(stored.Select(e => Convert.ToInt32(e.Data["i"], System.Globalization.CultureInfo.InvariantCulture)), Has.None.EqualTo(250));
            Assert.That(dropped.Sum("eventtracking.drop.reason", "rejected"), Is.EqualTo(1));
            Assert.That(dropped.Sum(), Is.EqualTo(1), "dropped once, for one reason");
            Assert.That(delivered.Sum("eventtracking.node", node), Is.EqualTo(499), "never counted delivered as well");
        });
    }

    [Test]
    public async Task ABadEventTheCollectorNamesByIndexIsDroppedAloneAndTheRestOfItsRequestIsStored()
    {
        await using var collector = await CollectorTestHost.StartAsync();
        var http = new HttpBackend(new HttpBackendOptions { Endpoint = new Uri(collector.BaseAddress, "/api/events"), ApiKey = CollectorTestHost.MobileKey });
        using var dropped = new EventTrackingMeasurements("eventtracking.events.dropped");
        var events = Enumerable.Range(0, 20)
            .Select(i => new TrackingEvent(Guid.CreateVersion7(), i == 7 ? new string('n', 300) : "game.state", DateTimeOffset.UtcNow))
            .ToList();

        await http.SendBatchAsync(events, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(60));

        var stored = await collector.StoredAsync();
        Assert.Multiple(() =>
        {
            Assert.That(stored.Select(e => e.Id), Is.EquivalentTo(events.Where((_, i) => i != 7).Select(e => e.Id)));
            Assert.That(dropped.Sum("eventtracking.drop.reason", "rejected"), Is.EqualTo(1));
        });
    }

    /// <summary>A producer with default settings: a tracker, an async node (durable when given a folder), an HttpBackend.</summary>
    private static (Tracker Tracker, string Node) Producer(CollectorTestHost collector, string? bufferFolder = null, bool throwOnRejected = false)
    {
        var name = "forward-" + Guid.NewGuid().ToString("N");
        var http = new HttpBackend(new HttpBackendOptions
        {
            Endpoint = new Uri(collector.BaseAddress, "/api/events"),
            ApiKey = CollectorTestHost.MobileKey,
            ThrowOnRejected = throwOnRejected,
        });
        var options = new AsyncRoutingOptions { Name = name, Buffer = bufferFolder is null ? null : new DurableBufferOptions { Path = bufferFolder } };
        var tracker = new Tracker(new Dictionary<string, IEventBackend>
        {
            ["forward"] = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["http"] = http }, options: options),
        });
        return (tracker, name);
    }
}
