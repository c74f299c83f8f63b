using static EventTracking.Tests.Routing.AsyncTestEvents;

namespace EventTracking.Tests.Routing;

public sealed class AcknowledgedDeliveryTests
{
    [Test]
    public async Task DeliverAsyncHandsBatchBackendsOneBatchAndOtherBackendsEachEventInNameOrder()
    {
        var order = new List<string>();
        var batch = new RecordingBatchBackend { BeforeAccept = (_, _, _) => { order.Add("b"); return Task.CompletedTask; } };
        var plain = new InMemoryBackend();
        var router = new RoutingBackend(new Dictionary<string, IEventBackend>
        {
            ["b"] = batch,
            ["a"] = new RoutingBackend(new Dictionary<string, IEventBackend> { ["plain"] = plain }, [new DelegateProcessor(e => { order.Add("a"); return e; })]),
        });

        await router.DeliverAsync([Create(1), Create(2)]).Within();

        Assert.Multiple(() =>
        {
            Assert.That(batch.Batches, Has.Count.EqualTo(1));
            Assert.That(Sequences(batch.Batches[0]), Is.EqualTo(new[] { 1, 2 }));
            Assert.That(Sequences(plain.Events), Is.EqualTo(new[] { 1, 2 }));
            Assert.That(order, Is.EqualTo(new[] { "a", "a", "b" }));
        });
    }

    [Test]
    public async Task DeliverAsyncOnAnAsyncNodeBypassesItsQueueAndRunsItsProcessors()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var child = new RecordingBatchBackend { BeforeAccept = (call, _, _) => call == 0 ? release.Task : Task.CompletedTask };
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["store"] = child },
            [new DelegateProcessor(e => e with { Name = "processed." + e.Name })],
            new AsyncRoutingOptions { Name = UniqueName(), MaxBatchDelay = TimeSpan.Zero });

        // The lane is stuck on an emitted event; acknowledged delivery must not wait behind it.
        node.Send(Create(1));
        await child.FirstCall.Within();
        await node.DeliverAsync([Create(2)]).Within();

        Assert.That(child.Batches.Select(b => b.Single()).Select(e => (Sequence(e), e.Name)), Is.EqualTo(new[] { (2, "processed.test.event") }));
        release.SetResult();
        await node.FlushAsync().Within();
        Assert.That(child.Events, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task AFailingStoreFailsTheDeliveryWithItsPathButItsSiblingsStillGetTheEvents()
    {
        var sibling = new InMemoryBackend();
        var failing = new RecordingBatchBackend { BeforeAccept = (_, _, _) => throw new IOException("disk full") };
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["db"] = failing },
            options: new AsyncRoutingOptions { Name = UniqueName() });
        var root = new RoutingBackend(new Dictionary<string, IEventBackend> { ["store"] = node, ["z_log"] = sibling });

        var ex = Assert.ThrowsAsync<EventDeliveryException>(async () => await root.DeliverAsync([Create(1)]));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Failures.Select(f => f.Key), Is.EqualTo(new[] { "store/db" }));
            Assert.That(ex.Failures[0].Value, Is.InstanceOf<IOException>());
            Assert.That(ex.InnerException, Is.SameAs(ex.Failures[0].Value));
            Assert.That(ex.Message, Does.Contain("'store/db'").And.Contain("disk full"));
            Assert.That(sibling.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task AnEventDroppedByAProcessorCountsAsDeliveredAndReachesNoBackend()
    {
        var store = new InMemoryBackend();
        var root = new RoutingBackend(new Dictionary<string, IEventBackend> { ["store"] = store }, [new DelegateProcessor(_ => null)]);

        await root.DeliverAsync([Create(1)]).Within();

        Assert.That(store.Count, Is.Zero);
    }

    [Test]
    public async Task AnAsyncNodeThatIsShuttingDownRefusesAcknowledgedDelivery()
    {
        var node = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["store"] = new InMemoryBackend() }, options: new AsyncRoutingOptions { Name = UniqueName() });
        await node.DisposeAsync();

        Assert.ThrowsAsync<ObjectDisposedException>(async () => await node.DeliverAsync([Create(1)]));
    }

    [Test]
    public void CancellationReachesTheCallerUnwrapped()
    {
        var blocking = new RecordingBatchBackend { BeforeAccept = (_, _, token) => Task.Delay(Timeout.Infinite, token) };
        var root = new RoutingBackend(new Dictionary<string, IEventBackend> { ["store"] = blocking });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        Assert.That(async () => await root.DeliverAsync([Create(1)], cancel.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task EmitAsyncCompletesOnlyAfterTheStoreBeneathAnAsyncNodeHasTheEvent()
    {
        var child = new RecordingBatchBackend { BeforeAccept = (_, _, _) => Task.Delay(50) };
        var node = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["db"] = child }, options: new AsyncRoutingOptions { Name = UniqueName() });
        await using var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["store"] = node });

        using (tracker.Context("request", new { user_id = 7 }))
        {
            await tracker.EmitAsync("page.view", new { url = "/a" }).Within();
        }

        var stored = child.Events.Single();
        Assert.Multiple(() =>
        {
            Assert.That(stored.Name, Is.EqualTo("page.view"));
            Assert.That(stored.Context["user_id"], Is.EqualTo(7));
            Assert.That(stored.Data["url"], Is.EqualTo("/a"));
        });
    }

    [Test]
    public void EmitAsyncSurfacesAStoreFailure()
    {
        var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["store"] = new ThrowingBackend() });

        Assert.ThrowsAsync<EventDeliveryException>(async () => await tracker.EmitAsync("page.view"));
    }

    [Test]
    public async Task DeliverAsyncKeepsClientIdsAndPutsTheProcessWideContextBeneathTheEventsOwn()
    {
        var store = new InMemoryBackend();
        await using var tracker = new Tracker(
            new Dictionary<string, IEventBackend> { ["store"] = store },
            options: new TrackerOptions { Context = new { application = "collector", host = "h1" } });
        var id = Guid.CreateVersion7();
        var timestamp = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var sent = new TrackingEvent(id, "game.start", timestamp, new { application = "game" }, new { level = 1 });

        using (tracker.Context("request", new { path = "/api/events" }))
        {
            await tracker.DeliverAsync([sent]).Within();
        }

        var stored = store.Events.Single();
        Assert.Multiple(() =>
        {
            Assert.That(stored.Id, Is.EqualTo(id));
            Assert.That(stored.Timestamp, Is.EqualTo(timestamp));
            Assert.That(stored.Data["level"], Is.EqualTo(1));
            Assert.That(stored.Context, Is.EquivalentTo(new Dictionary<string, object?> { ["application"] = "game", ["host"] = "h1" }));
        });
    }
}
