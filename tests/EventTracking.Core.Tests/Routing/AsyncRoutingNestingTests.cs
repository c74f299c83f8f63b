using static EventTracking.Tests.Routing.AsyncTestEvents;

namespace EventTracking.Tests.Routing;

public sealed class AsyncRoutingNestingTests
{
    [Test]
    public async Task TrackerFlushCarriesEventsThroughAsyncNodesNestedTwoLevelsDeep()
    {
        var (tracker, outer, inner, store) = BuildNestedTree(TimeSpan.FromHours(1));
        await using var _ = tracker;

        for (var i = 0; i < 1_000; i++)
        {
            tracker.Emit("nested", new { i });
        }

        await tracker.FlushAsync().Within();

        var events = store.Events;
        Assert.Multiple(() =>
        {
            Assert.That(events.Select(e => e.Data["i"]), Is.EqualTo(Enumerable.Range(0, 1_000)));
            Assert.That(events.Select(e => e.Name).Distinct(), Is.EqualTo(new[] { "nested.outer.inner" }));
            Assert.That(outer.QueueDepth + inner.QueueDepth, Is.Zero);
        });
    }

    [Test]
    public async Task FlushingTheOuterNodeAloneAlsoFlushesTheNodesBeneathIt()
    {
        var (tracker, outer, _, store) = BuildNestedTree(TimeSpan.FromHours(1));
        await using var _ = tracker;

        tracker.Emit("nested", new { i = 0 });
        await outer.FlushAsync().Within();

        Assert.That(store.Events, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task TrackerDisposeDrainsNestedNodesOuterFirstAndLaterEmitsAreCountedNotThrown()
    {
        var (tracker, outer, inner, store) = BuildNestedTree(TimeSpan.FromHours(1));

        for (var i = 0; i < 1_000; i++)
        {
            tracker.Emit("nested", new { i });
        }

        await tracker.DisposeAsync().Within();
        await tracker.DisposeAsync().Within();

        Assert.Multiple(() =>
        {
            Assert.That(store.Events, Has.Count.EqualTo(1_000));
            Assert.That(outer.Undelivered + inner.Undelivered, Is.Zero);
            Assert.That(() => tracker.Emit("late"), Throws.Nothing);
        });
    }

    [Test]
    public async Task ANodeSharedByTwoTrackersDeliversBothStreamsWithTheirOwnContextsAndOrder()
    {
        var store = new RecordingBatchBackend();
        var shared = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["store"] = store },
            options: new AsyncRoutingOptions { Name = UniqueName(), FullMode = QueueFullMode.Wait, Capacity = 1_000, MaxBatchDelay = TimeSpan.Zero });
        var first = new Tracker(new Dictionary<string, IEventBackend> { ["shared"] = shared }, options: new TrackerOptions { Context = new { tracker = 1 } });
        var second = new Tracker(new Dictionary<string, IEventBackend> { ["shared"] = shared }, options: new TrackerOptions { Context = new { tracker = 2 } });

        await Task.WhenAll(
            Task.Run(() => EmitMany(first)),
            Task.Run(() => EmitMany(second))).Within();
        await Task.WhenAll(first.FlushAsync().AsTask(), second.FlushAsync().AsTask()).Within();

        var events = store.Events;
        Assert.Multiple(() =>
        {
            foreach (var tracker in new[] { 1, 2 })
            {
                var mine = events.Where(e => Equals(e.Context["tracker"], tracker)).Select(e => e.Data["i"]);
                Assert.That(mine, Is.EqualTo(Enumerable.Range(0, 10_000)), $"tracker {tracker}");
            }
        });

        await first.DisposeAsync().Within();
        await second.DisposeAsync().Within();
        Assert.That(shared.Undelivered, Is.Zero);

        static void EmitMany(Tracker tracker)
        {
            for (var i = 0; i < 10_000; i++)
            {
                tracker.Emit("shared", new { i });
            }
        }
    }

    [Test]
    public async Task AnInnerNodeReachedFromTwoTrackersIsFlushedByEitherAfterItsParent()
    {
        var store = new RecordingBatchBackend();
        var inner = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["store"] = store },
            options: new AsyncRoutingOptions { Name = UniqueName(), MaxBatchDelay = TimeSpan.FromHours(1) });
        var outer = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["inner"] = inner },
            options: new AsyncRoutingOptions { Name = UniqueName(), MaxBatchDelay = TimeSpan.FromHours(1) });
        await using var first = new Tracker(new Dictionary<string, IEventBackend> { ["outer"] = outer, ["inner"] = inner });
        await using var second = new Tracker(new Dictionary<string, IEventBackend> { ["inner"] = inner });

        first.Emit("first");
        second.Emit("second");
        await first.FlushAsync().Within();

        Assert.That(store.Events.Select(e => e.Name), Is.EquivalentTo(new[] { "first", "first", "second" }));
    }

    [Test]
    public async Task TrackerFlushAndDisposeCompleteAtOnceWithoutAsyncNodes()
    {
        var memory = new InMemoryBackend();
        var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["memory"] = memory });
        tracker.Emit("sync");

        await tracker.FlushAsync().Within();
        await tracker.DisposeAsync().Within();

        Assert.That(memory.Events, Has.Count.EqualTo(1));
    }

    /// <summary>Root (sync) -> outer async (renames) -> sync router -> inner async (renames) -> store.</summary>
    private static (Tracker Tracker, AsyncRoutingBackend Outer, AsyncRoutingBackend Inner, RecordingBatchBackend Store) BuildNestedTree(TimeSpan batchDelay)
    {
        var store = new RecordingBatchBackend();
        var inner = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["store"] = store },
            [new DelegateProcessor(e => e with { Name = e.Name + ".inner" })],
            new AsyncRoutingOptions { Name = UniqueName(), MaxBatchDelay = batchDelay, MaxBatchSize = 64 });
        var middle = new RoutingBackend(new Dictionary<string, IEventBackend> { ["inner"] = inner });
        var outer = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["middle"] = middle },
            [new DelegateProcessor(e => e with { Name = e.Name + ".outer" })],
            new AsyncRoutingOptions { Name = UniqueName(), MaxBatchDelay = batchDelay, MaxBatchSize = 64 });
        var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["outer"] = outer });
        return (tracker, outer, inner, store);
    }
}
