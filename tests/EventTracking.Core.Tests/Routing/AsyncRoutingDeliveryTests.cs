using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static EventTracking.Tests.Routing.AsyncTestEvents;

namespace EventTracking.Tests.Routing;

public sealed class AsyncRoutingDeliveryTests
{
    [Test]
    public async Task InWaitModeEightProducersOfAHundredThousandEventsEachAreDeliveredExactlyOnceInProducerOrder()
    {
        const int producers = 8;
        const int perProducer = 100_000;
        var child = new OrderCheckingBatchBackend(producers);
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["orders"] = child },
            options: new AsyncRoutingOptions { Name = UniqueName(), Capacity = 1_000, FullMode = QueueFullMode.Wait, MaxBatchDelay = TimeSpan.Zero });

        var threads = Enumerable.Range(0, producers)
            .Select(p => new Thread(() =>
            {
                for (var i = 0; i < perProducer; i++)
                {
                    node.Send(Create(i, p));
                }
            }))
            .ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        await node.FlushAsync().Within();

        Assert.Multiple(() =>
        {
            Assert.That(child.Received, Is.EqualTo((long)producers * perProducer));
            Assert.That(child.OutOfOrder, Is.Zero);
            Assert.That(child.NextExpected, Is.All.EqualTo(perProducer));
        });
    }

    [Test]
    public async Task EmitReturnsWhileTheNodesProcessorIsStillRunningOnTheWorker()
    {
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var emitter = Environment.CurrentManagedThreadId;
        var processorThread = -1;
        var child = new RecordingBatchBackend();
        var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["child"] = child },
            [new DelegateProcessor(e =>
            {
                processorThread = Environment.CurrentManagedThreadId;
                entered.Set();
                release.Wait();
                return e;
            })],
            new AsyncRoutingOptions { Name = UniqueName(), MaxBatchDelay = TimeSpan.Zero });
        await using var tracker = new Tracker(node);

        tracker.Emit("page.view");
        Assert.That(entered.Wait(Patience), Is.True, "the processor never ran");
        release.Set();
        await tracker.FlushAsync().Within();

        Assert.Multiple(() =>
        {
            Assert.That(child.Events, Has.Count.EqualTo(1));
            Assert.That(processorThread, Is.Not.EqualTo(emitter));
        });
    }

    [Test]
    public async Task ChildrenSeeTheContextCapturedWhenTheEventWasEmitted()
    {
        var child = new RecordingBatchBackend();
        var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["child"] = child },
            options: new AsyncRoutingOptions { Name = UniqueName(), MaxBatchDelay = TimeSpan.Zero });
        await using var tracker = new Tracker(node);

        using (tracker.Context("request", new { user_id = 10938 }))
        {
            tracker.Emit("inside");
        }

        tracker.Emit("outside");
        await tracker.FlushAsync().Within();

        var events = child.Events;
        Assert.Multiple(() =>
        {
            Assert.That(events.Select(e => e.Name), Is.EqualTo(new[] { "inside", "outside" }));
            Assert.That(events[0].Context["user_id"], Is.EqualTo(10938));
            Assert.That(events[1].Context.ContainsKey("user_id"), Is.False);
        });
    }

    [Test]
    public async Task AChildWithoutBatchesGetsEveryEventThroughSendInOrder()
    {
        var child = new InMemoryBackend();
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["memory"] = child },
            options: new AsyncRoutingOptions { Name = UniqueName(), MaxBatchSize = 7 });

        for (var i = 0; i < 100; i++)
        {
            node.Send(Create(i));
        }

        await node.FlushAsync().Within();

        Assert.That(Sequences(child.Events), Is.EqualTo(Enumerable.Range(0, 100)));
    }

    [Test]
    public async Task BatchesNeverExceedMaxBatchSize()
    {
        var child = new RecordingBatchBackend();
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["child"] = child },
            options: new AsyncRoutingOptions { Name = UniqueName(), MaxBatchSize = 16 });

        for (var i = 0; i < 1_000; i++)
        {
            node.Send(Create(i));
        }

        await node.FlushAsync().Within();

        Assert.Multiple(() =>
        {
            Assert.That(Sequences(child.Events), Is.EqualTo(Enumerable.Range(0, 1_000)));
            Assert.That(child.Batches.Select(b => b.Length), Is.All.InRange(1, 16));
        });
    }

    [Test]
    public async Task AChildRegisteredAfterConstructionReceivesTheEventsSentAfterwards()
    {
        var early = new RecordingBatchBackend();
        var late = new RecordingBatchBackend();
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["early"] = early },
            options: new AsyncRoutingOptions { Name = UniqueName(), MaxBatchDelay = TimeSpan.Zero });

        node.Send(Create(0));
        await node.FlushAsync().Within();
        node.RegisterBackend("late", late);
        node.Send(Create(1));
        await node.FlushAsync().Within();

        Assert.Multiple(() =>
        {
            Assert.That(Sequences(early.Events), Is.EqualTo(new[] { 0, 1 }));
            Assert.That(Sequences(late.Events), Is.EqualTo(new[] { 1 }));
            Assert.That(node.GetChildStatus().Select(s => s.Name), Is.EqualTo(new[] { "early", "late" }));
        });
    }

    [Test]
    public async Task EveryDeliveryIsCountedOncePerChildOnTheDeliveredCounter()
    {
        var name = UniqueName();
        using var delivered = new MetricCollector<long>(Metrics.Meter, "eventtracking.events.delivered");
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["a"] = new RecordingBatchBackend(), ["b"] = new InMemoryBackend() },
            options: new AsyncRoutingOptions { Name = name, MaxBatchDelay = TimeSpan.Zero });

        for (var i = 0; i < 250; i++)
        {
            node.Send(Create(i));
        }

        await node.FlushAsync().Within();

        Assert.Multiple(() =>
        {
            Assert.That(delivered.Sum(name, ("eventtracking.backend", "a")), Is.EqualTo(250));
            Assert.That(delivered.Sum(name, ("eventtracking.backend", "b")), Is.EqualTo(250));
        });
    }

    [Test]
    public void AnOptionOutOfRangeThrowsAnExceptionNamingIt()
    {
        Assert.That(
            () => new AsyncRoutingBackend(options: new AsyncRoutingOptions { Capacity = 0 }),
            Throws.ArgumentException.With.Message.Contains("AsyncRoutingOptions.Capacity"));
    }

    [Test]
    public void ACapacityBeyondWhatTheIntakeRingCanHoldIsRefusedWithTheLimit()
    {
        Assert.That(
            () => new AsyncRoutingBackend(options: new AsyncRoutingOptions { Capacity = int.MaxValue }),
            Throws.ArgumentException.With.Message.EqualTo($"AsyncRoutingOptions.Capacity must be at most {1 << 30} (was {int.MaxValue}). (Parameter 'Capacity')"));
    }
}
