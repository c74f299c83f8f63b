using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static EventTracking.Tests.Routing.AsyncTestEvents;

namespace EventTracking.Tests.Routing.Durable;

/// <summary>
/// An event too large for the durable buffer (larger than <see cref="DurableBufferOptions.MaxBytes"/>, or than the
/// 16 MiB a record may hold) is refused on its own, counted <c>buffer_full</c>; it evicts nothing and loses nothing else.
/// </summary>
public sealed class DurableOversizedEventTests
{
    [Test]
    public async Task AnEventLargerThanTheWholeBufferIsRefusedAloneAndEvictsNothingEvenUnderDropOldest([Values] BufferFullPolicy policy)
    {
        using var folder = new DurableTestFolder();
        var name = UniqueName();
        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        var store = new RecordingBatchBackend();
        var options = folder.Options(name, b =>
        {
            b.MaxBytes = 64 * 1024;
            b.FullPolicy = policy;
        });
        await using (var node = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["db"] = new RecordingBatchBackend { BeforeAccept = (_, _, _) => throw new IOException("down") } }, options: options))
        {
            await node.DeliverAsync(Enumerable.Range(0, 50).Select(i => Create(i)).ToList()).Within();
            var huge = new TrackingEvent(Guid.NewGuid(), "test.huge", DateTimeOffset.UtcNow, data: new { blob = new string('x', 100_000) });
            var error = Assert.ThrowsAsync<EventDeliveryException>(async () => await node.DeliverAsync([huge]));
            Assert.That(error!.Message, Does.Contain("full").Or.Contain("large"));
            await node.DeliverAsync([Create(50)]).Within();
        }

        await using (var node = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["db"] = store }, options: options))
        {
            await node.FlushAsync().Within();
        }

        Assert.Multiple(() =>
        {
            Assert.That(Sequences(store.Events), Is.EqualTo(Enumerable.Range(0, 51)), "nothing else was evicted or lost");
            Assert.That(dropped.Sum(name, ("eventtracking.drop.reason", "buffer_full")), Is.EqualTo(1));
            Assert.That(dropped.Sum(name), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task AnEventOverTheRecordLimitIsRefusedWithDefaultSettingsAndTheNextOnesAreDelivered()
    {
        using var folder = new DurableTestFolder();
        var name = UniqueName();
        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        var store = new RecordingBatchBackend();
        await using (var node = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["db"] = store }, options: folder.Options(name)))
        {
            var huge = new TrackingEvent(Guid.NewGuid(), "test.huge", DateTimeOffset.UtcNow, data: new { blob = new string('x', 17 << 20) });
            Assert.ThrowsAsync<EventDeliveryException>(async () => await node.DeliverAsync([Create(0), huge, Create(1)]));
            await node.DeliverAsync([Create(2)]).Within();
            await node.FlushAsync().Within();
        }

        Assert.Multiple(() =>
        {
            Assert.That(Sequences(store.Events), Is.EqualTo(new[] { 0, 1, 2 }));
            Assert.That(dropped.Sum(name, ("eventtracking.drop.reason", "buffer_full")), Is.EqualTo(1));
        });
    }
}
