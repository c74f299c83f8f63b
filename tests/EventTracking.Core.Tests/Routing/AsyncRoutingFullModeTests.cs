using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static EventTracking.Tests.Routing.AsyncTestEvents;

namespace EventTracking.Tests.Routing;

public sealed class AsyncRoutingFullModeTests
{
    private const int Capacity = 100;
    private const int Burst = 1_000;

    [Test]
    public async Task DropNewestWithABlockedChildKeepsTheFirstEventsAndCountsEveryOtherOneExactly()
    {
        var (delivered, dropped) = await BurstIntoBlockedChildAsync(QueueFullMode.DropNewest);

        Assert.Multiple(() =>
        {
            Assert.That(dropped, Is.EqualTo(Burst - Capacity));
            Assert.That(delivered, Is.EqualTo(Enumerable.Range(0, Capacity + 1)));
        });
    }

    [Test]
    public async Task DropOldestWithABlockedChildKeepsTheLatestEventsAndCountsEveryEvictionExactly()
    {
        var (delivered, dropped) = await BurstIntoBlockedChildAsync(QueueFullMode.DropOldest);

        Assert.Multiple(() =>
        {
            Assert.That(dropped, Is.EqualTo(Burst - Capacity));
            Assert.That(delivered, Is.EqualTo(new[] { 0 }.Concat(Enumerable.Range(Burst - Capacity + 1, Capacity))));
        });
    }

    [Test]
    public async Task WithAStalledChildTheQueueDepthGaugeStaysAtCapacity()
    {
        var name = UniqueName();
        var gate = new TaskCompletionSource();
        var child = new RecordingBatchBackend { BeforeAccept = (_, _, _) => gate.Task };
        using var depth = new MetricCollector<long>(Metrics.QueueDepth);
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["stalled"] = child },
            options: new AsyncRoutingOptions { Name = name, Capacity = Capacity, FullMode = QueueFullMode.DropOldest, MaxBatchSize = 10, MaxBatchDelay = TimeSpan.Zero });

        node.Send(Create(0));
        await child.FirstCall.Within();
        for (var i = 1; i <= 10 * Capacity; i++)
        {
            node.Send(Create(i));
        }

        await node.WhenDispatchedAsync().Within();
        depth.RecordObservableInstruments();
        var observed = depth.GetMeasurementSnapshot().Where(m => Equals(m.Tags["eventtracking.node"], name)).Select(m => m.Value).ToList();
        var queueDepth = node.QueueDepth;
        var laneDepth = node.GetChildStatus().Single().QueueDepth;
        gate.SetResult();

        Assert.Multiple(() =>
        {
            Assert.That(queueDepth, Is.EqualTo(Capacity));
            Assert.That(laneDepth, Is.EqualTo(Capacity));
            Assert.That(observed, Is.EqualTo(new[] { (long)Capacity }));
        });
    }

    [Test]
    public async Task WaitModeBlocksTheProducerUntilTheChildTakesEventsAndDropsNothing()
    {
        var name = UniqueName();
        var gate = new TaskCompletionSource();
        var child = new RecordingBatchBackend { BeforeAccept = (call, _, _) => call == 0 ? gate.Task : Task.CompletedTask };
        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["child"] = child },
            options: new AsyncRoutingOptions { Name = name, Capacity = 10, FullMode = QueueFullMode.Wait, MaxBatchSize = 10, MaxBatchDelay = TimeSpan.Zero });

        node.Send(Create(0));
        await child.FirstCall.Within();

        // Intake, lane and the batch in flight hold at most 30 events, so the producer cannot finish before the gate opens.
        var producer = Task.Factory.StartNew(
            () =>
            {
                for (var i = 1; i < 100; i++)
                {
                    node.Send(Create(i));
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        Assert.That(producer.IsCompleted, Is.False);
        gate.SetResult();
        await producer.Within();
        await node.FlushAsync().Within();

        Assert.Multiple(() =>
        {
            Assert.That(Sequences(child.Events), Is.EqualTo(Enumerable.Range(0, 100)));
            Assert.That(dropped.Sum(name), Is.Zero);
        });
    }

    /// <summary>
    /// Sends event 0 and waits until the child is stuck on it, then sends 1..<see cref="Burst"/> into a node of
    /// <see cref="Capacity"/>; after the worker has dispatched them all, releases the child.
    /// </summary>
    private static async Task<(IEnumerable<int> Delivered, long Dropped)> BurstIntoBlockedChildAsync(QueueFullMode mode)
    {
        var name = UniqueName();
        var gate = new TaskCompletionSource();
        var child = new RecordingBatchBackend { BeforeAccept = (call, _, _) => call == 0 ? gate.Task : Task.CompletedTask };
        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["blocked"] = child },
            options: new AsyncRoutingOptions { Name = name, Capacity = Capacity, FullMode = mode, MaxBatchSize = 10, MaxBatchDelay = TimeSpan.Zero });

        node.Send(Create(0));
        await child.FirstCall.Within();
        for (var i = 1; i <= Burst; i++)
        {
            node.Send(Create(i));
        }

        await node.WhenDispatchedAsync().Within();
        var droppedWhileBlocked = dropped.Sum(name, ("eventtracking.drop.reason", "queue_full"));
        gate.SetResult();
        await node.FlushAsync().Within();

        Assert.That(dropped.Sum(name), Is.EqualTo(droppedWhileBlocked), "nothing is dropped after the child recovers");
        return (Sequences(child.Events).ToList(), droppedWhileBlocked);
    }
}
