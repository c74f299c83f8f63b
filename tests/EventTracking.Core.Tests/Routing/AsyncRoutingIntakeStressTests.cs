using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static EventTracking.Tests.Routing.AsyncTestEvents;

namespace EventTracking.Tests.Routing;

/// <summary>
/// Many producers against a slow child, through the lock-free intake: every event is delivered or counted exactly once,
/// each producer's events keep their order, no wake-up of the parked worker is lost, and a flush covers what was sent
/// before it. Nothing here sleeps; every wait has a timeout.
/// </summary>
public sealed class AsyncRoutingIntakeStressTests
{
    private const int Producers = 8;

    [TestCase(QueueFullMode.DropNewest)]
    [TestCase(QueueFullMode.DropOldest)]
    public async Task ManyProducersIntoASmallQueueOfASlowChildHaveEveryEventDeliveredOrDroppedExactlyOnce(QueueFullMode mode)
    {
        const int perProducer = 10_000;
        var name = UniqueName();
        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        var child = new SlowOrderCheckingBatchBackend(Producers, spinsPerBatch: 2_000);
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["slow"] = child },
            options: new AsyncRoutingOptions { Name = name, Capacity = 50, FullMode = mode, MaxBatchSize = 8, MaxBatchDelay = TimeSpan.Zero });

        RunProducers(perProducer, (p, i) => node.Send(Create(i, p)));
        await node.FlushAsync().Within();

        var queueFull = dropped.Sum(name, ("eventtracking.drop.reason", "queue_full"));
        Assert.Multiple(() =>
        {
            Assert.That(child.Received + queueFull, Is.EqualTo((long)Producers * perProducer), "delivered + dropped");
            Assert.That(dropped.Sum(name), Is.EqualTo(queueFull), "no other drop reason");
            Assert.That(queueFull, Is.GreaterThan(0), "the slow child must have filled the queue, or this test proves nothing");
            Assert.That(child.OutOfOrder, Is.Zero);
        });
    }

    [Test]
    public async Task InWaitModeManyProducersIntoATinyQueueOfASlowChildLoseNothingAndKeepTheirOrder()
    {
        const int perProducer = 5_000;
        var name = UniqueName();
        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        var child = new SlowOrderCheckingBatchBackend(Producers, spinsPerBatch: 2_000);
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["slow"] = child },
            options: new AsyncRoutingOptions
            {
                Name = name, Capacity = 3, FullMode = QueueFullMode.Wait, WaitTimeout = Timeout.InfiniteTimeSpan,
                MaxBatchSize = 4, MaxBatchDelay = TimeSpan.Zero,
            });

        RunProducers(perProducer, (p, i) => node.Send(Create(i, p)));
        await node.FlushAsync().Within();

        Assert.Multiple(() =>
        {
            Assert.That(child.Received, Is.EqualTo((long)Producers * perProducer));
            Assert.That(child.Last, Is.All.EqualTo(perProducer - 1));
            Assert.That(child.OutOfOrder, Is.Zero);
            Assert.That(dropped.Sum(name), Is.Zero);
        });
    }

    [Test]
    public async Task ProducersThatEachWaitForTheirEventBeforeSendingTheNextNeverStrandOneInTheIntake()
    {
        // The worker runs dry after almost every event and parks; a lost wake-up leaves an event waiting for ever.
        const int producers = 4;
        const int rounds = 2_000;
        var child = new SlowOrderCheckingBatchBackend(producers, spinsPerBatch: 0, signalArrivals: true);
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["child"] = child },
            options: new AsyncRoutingOptions { Name = UniqueName(), MaxBatchDelay = TimeSpan.Zero });

        var stranded = await Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < rounds; i++)
            {
                node.Send(Create(i, p));
                if (!await child.NextArrivalAsync(p))
                {
                    return i;
                }
            }

            return -1;
        })));

        Assert.That(stranded, Is.All.EqualTo(-1), "the event a producer was still waiting for when the patience ran out");
    }

    [Test]
    public async Task EveryProducersFlushCoversEverythingItSentBeforeIt()
    {
        const int producers = 4;
        const int rounds = 20;
        const int perRound = 500;
        var child = new SlowOrderCheckingBatchBackend(producers, spinsPerBatch: 500);
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["child"] = child },
            options: new AsyncRoutingOptions { Name = UniqueName(), Capacity = 100_000, MaxBatchSize = 64 });

        var shortfalls = await Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            var shortfall = 0;
            for (var round = 0; round < rounds; round++)
            {
                for (var i = 0; i < perRound; i++)
                {
                    node.Send(Create((round * perRound) + i, p));
                }

                await node.FlushAsync().Within();
                var expected = ((round + 1) * perRound) - 1;
                shortfall += child.Last[p] < expected ? 1 : 0;
            }

            return shortfall;
        })));

        Assert.Multiple(() =>
        {
            Assert.That(shortfalls, Is.All.Zero, "flushes that returned before the producer's own events were delivered");
            Assert.That(child.Received, Is.EqualTo((long)producers * rounds * perRound));
        });
    }

    [Test]
    public async Task ProducersRacingADisposeHaveEveryEventDeliveredOrCountedAsDisposed()
    {
        const int perProducer = 20_000;
        var name = UniqueName();
        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        var child = new SlowOrderCheckingBatchBackend(Producers, spinsPerBatch: 200);
        var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["child"] = child },
            options: new AsyncRoutingOptions { Name = name, Capacity = 1_000, FullMode = QueueFullMode.Wait, ShutdownTimeout = Patience });
        var halfway = new CountdownEvent(Producers);
        var disposing = Task.Run(async () =>
        {
            halfway.Wait(Patience);
            await node.DisposeAsync();
        });

        RunProducers(perProducer, (p, i) =>
        {
            if (i == perProducer / 2)
            {
                halfway.Signal();
            }

            node.Send(Create(i, p));
        });
        await disposing.Within();

        var disposed = dropped.Sum(name, ("eventtracking.drop.reason", "disposed"));
        Assert.Multiple(() =>
        {
            Assert.That(child.Received + disposed, Is.EqualTo((long)Producers * perProducer), "delivered + refused after disposal");
            Assert.That(dropped.Sum(name), Is.EqualTo(disposed), "nothing dropped for another reason");
            Assert.That(node.Undelivered, Is.Zero);
            Assert.That(child.OutOfOrder, Is.Zero);
        });
    }

    /// <summary>Runs <see cref="Producers"/> threads that each call <paramref name="send"/> for 0..perProducer-1, and waits for them with a timeout.</summary>
    private static void RunProducers(int perProducer, Action<int, int> send)
    {
        var threads = Enumerable.Range(0, Producers)
            .Select(p => new Thread(() =>
            {
                for (var i = 0; i < perProducer; i++)
                {
                    send(p, i);
                }
            }))
            .ToList();
        threads.ForEach(t => t.Start());
        Assert.That(threads.All(t => t.Join(Patience)), Is.True, "a producer was still sending when the patience ran out");
    }
}
