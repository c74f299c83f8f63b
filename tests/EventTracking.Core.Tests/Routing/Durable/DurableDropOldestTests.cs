using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static EventTracking.Tests.Routing.AsyncTestEvents;

namespace EventTracking.Tests.Routing.Durable;

/// <summary>
/// <see cref="BufferFullPolicy.DropOldest"/> while a destination is down: every event is accounted exactly once, as
/// delivered or dropped (<c>buffer_full</c>), also when the process restarts before the lane could count an eviction.
/// </summary>
public sealed class DurableDropOldestTests
{
    private const int Emitted = 600;

    [Test]
    public async Task EventsEvictedWhileTheDestinationIsDownAreCountedOnceAcrossARestart()
    {
        using var folder = new DurableTestFolder();
        var name = UniqueName();
        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        using var delivered = new MetricCollector<long>(Metrics.Current.Delivered);
        var down = new RecordingBatchBackend { BeforeAccept = (_, _, _) => throw new IOException("destination down") };
        var first = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["db"] = down }, options: Options(folder, name));
        for (var i = 0; i < Emitted; i++)
        {
            // Acknowledged: on disk when it returns, so the restart below finds every event that was not evicted.
            await first.DeliverAsync([Create(i)]).Within();
        }

        await first.DisposeAsync().Within();
        var evictedBeforeRestart = dropped.Sum(name, ("eventtracking.drop.reason", "buffer_full"));

        var store = new RecordingBatchBackend();
        await using (var second = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["db"] = store }, options: Options(folder, name)))
        {
            await second.FlushAsync().Within();
        }

        // A third start finds nothing left to deliver or to count again.
        var again = new RecordingBatchBackend();
        await using (var third = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["db"] = again }, options: Options(folder, name)))
        {
            await third.FlushAsync().Within();
        }

        var evicted = dropped.Sum(name, ("eventtracking.drop.reason", "buffer_full"));
        Assert.Multiple(() =>
        {
            Assert.That(evicted, Is.GreaterThan(evictedBeforeRestart), "the evictions the stopped process never counted are counted after the restart");
            Assert.That(store.Events, Is.Not.Empty);
            Assert.That(Sequences(store.Events), Is.Ordered.And.Unique);
            Assert.That(Sequences(store.Events).Last(), Is.EqualTo(Emitted - 1), "the newest events are kept");
            Assert.That(delivered.Sum(name), Is.EqualTo(store.Events.Count));
            Assert.That(store.Events.Count + evicted, Is.EqualTo(Emitted), "every event delivered or counted dropped, exactly once");
            Assert.That(again.Events, Is.Empty);
            Assert.That(dropped.Sum(name), Is.EqualTo(evicted), "nothing is counted under any other reason");
        });
    }

    [Test]
    public async Task EventsEvictedBehindADestinationThatRecoversAreCountedOnceWithoutARestart()
    {
        using var folder = new DurableTestFolder();
        var name = UniqueName();
        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        var open = new TaskCompletionSource();
        var store = new RecordingBatchBackend { BeforeAccept = (_, _, _) => open.Task };
        await using var node = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["db"] = store }, options: Options(folder, name));
        for (var i = 0; i < Emitted; i++)
        {
            await node.DeliverAsync([Create(i)]).Within();
        }

        open.SetResult();
        await node.FlushAsync().Within();

        var evicted = dropped.Sum(name, ("eventtracking.drop.reason", "buffer_full"));
        Assert.Multiple(() =>
        {
            Assert.That(evicted, Is.GreaterThan(0));
            Assert.That(Sequences(store.Events), Is.Ordered.And.Unique);
            Assert.That(store.Events.Count + evicted, Is.EqualTo(Emitted));
        });
    }

    private static AsyncRoutingOptions Options(DurableTestFolder folder, string name) =>
        folder.Options(name, b =>
        {
            b.MaxBytes = 64 * 1024;
            b.SegmentBytes = 4096;
            b.FullPolicy = BufferFullPolicy.DropOldest;
        });
}
