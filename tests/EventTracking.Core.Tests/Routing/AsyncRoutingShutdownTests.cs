using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static EventTracking.Tests.Routing.AsyncTestEvents;

namespace EventTracking.Tests.Routing;

public sealed class AsyncRoutingShutdownTests
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(10);

    [Test]
    public async Task DisposeDeliversEverythingAcceptedBeforeIt()
    {
        var child = new RecordingBatchBackend { BeforeAccept = async (_, _, _) => await Task.Yield() };
        var plain = new InMemoryBackend();
        var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["batches"] = child, ["plain"] = plain },
            options: new AsyncRoutingOptions { Name = UniqueName(), MaxBatchSize = 64, MaxBatchDelay = TimeSpan.FromHours(1) });

        for (var i = 0; i < 5_000; i++)
        {
            node.Send(Create(i));
        }

        await node.DisposeAsync().Within();

        Assert.Multiple(() =>
        {
            Assert.That(Sequences(child.Events), Is.EqualTo(Enumerable.Range(0, 5_000)));
            Assert.That(Sequences(plain.Events), Is.EqualTo(Enumerable.Range(0, 5_000)));
            Assert.That(node.Undelivered, Is.Zero);
            Assert.That(node.QueueDepth, Is.Zero);
        });
    }

    [Test]
    public async Task DisposeWithAChildThatNeverRecoversEndsWithinTheTimeoutAndReportsExactlyWhatItDidNotGet()
    {
        var name = UniqueName();
        var stuck = new RecordingBatchBackend { BeforeAccept = (_, _, _) => new TaskCompletionSource().Task };
        var healthy = new RecordingBatchBackend();
        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["healthy"] = healthy, ["stuck"] = stuck },
            options: new AsyncRoutingOptions { Name = name, MaxBatchSize = 10, MaxBatchDelay = TimeSpan.Zero, ShutdownTimeout = ShutdownTimeout });

        for (var i = 0; i < 95; i++)
        {
            node.Send(Create(i));
        }

        await stuck.FirstCall.Within();
        var clock = Stopwatch.StartNew();
        await node.DisposeAsync().Within();
        clock.Stop();

        Assert.Multiple(() =>
        {
            Assert.That(clock.Elapsed, Is.LessThan(ShutdownTimeout + Slack));
            Assert.That(node.Undelivered, Is.EqualTo(95));
            Assert.That(dropped.Sum(name, ("eventtracking.drop.reason", "shutdown_timeout"), ("eventtracking.backend", "stuck")), Is.EqualTo(95));
            Assert.That(dropped.Sum(name), Is.EqualTo(95));
            Assert.That(healthy.Events, Has.Count.EqualTo(95));
        });
    }

    [Test]
    public async Task AtTheDeadlineTheChildsTokenIsCancelledAndWhatItHeldIsCountedOnce()
    {
        var name = UniqueName();
        var cancelled = new TaskCompletionSource();
        var child = new RecordingBatchBackend
        {
            BeforeAccept = async (_, _, token) =>
            {
                await using var registration = token.Register(() => cancelled.TrySetResult());
                await Task.Delay(Timeout.Infinite, token);
            },
        };
        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["child"] = child },
            options: new AsyncRoutingOptions { Name = name, MaxBatchDelay = TimeSpan.Zero, ShutdownTimeout = ShutdownTimeout, MaxRetries = 5 });

        for (var i = 0; i < 40; i++)
        {
            node.Send(Create(i));
        }

        await child.FirstCall.Within();
        await node.DisposeAsync().Within();
        await cancelled.Task.Within();

        Assert.Multiple(() =>
        {
            Assert.That(node.Undelivered, Is.EqualTo(40));
            Assert.That(dropped.Sum(name), Is.EqualTo(40));
            Assert.That(child.Attempts, Has.Count.EqualTo(1), "a cancelled attempt is not retried after the deadline");
        });
    }

    [Test]
    public async Task InWaitModeEventsStillInTheIntakeAtTheDeadlineAreCountedToo()
    {
        var name = UniqueName();
        var stuck = new RecordingBatchBackend { BeforeAccept = (_, _, _) => new TaskCompletionSource().Task };
        var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["stuck"] = stuck },
            options: new AsyncRoutingOptions
            {
                Name = name, Capacity = 10, FullMode = QueueFullMode.Wait, MaxBatchSize = 5, MaxBatchDelay = TimeSpan.Zero,
                ShutdownTimeout = ShutdownTimeout,
            });

        node.Send(Create(0));
        await stuck.FirstCall.Within();

        // One in flight, 10 in the lane, 10 in the intake: the next Send would block.
        for (var i = 1; i <= 20; i++)
        {
            node.Send(Create(i));
        }

        await node.DisposeAsync().Within();

        Assert.That(node.Undelivered, Is.EqualTo(21));
    }

    [Test]
    public async Task SendAfterDisposeIsCountedAsDisposedAndDoesNotThrow()
    {
        var name = UniqueName();
        var child = new RecordingBatchBackend();
        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["child"] = child },
            options: new AsyncRoutingOptions { Name = name, FullMode = QueueFullMode.DropOldest });
        await node.DisposeAsync().Within();

        Assert.That(() => node.Send(Create(0)), Throws.Nothing);
        Assert.Multiple(() =>
        {
            Assert.That(dropped.Sum(name, ("eventtracking.drop.reason", "disposed")), Is.EqualTo(1));
            Assert.That(child.Events, Is.Empty);
        });
    }

    [Test]
    public async Task AProducerBlockedInWaitModeIsReleasedByDisposeAndItsEventCounted()
    {
        var name = UniqueName();
        var stuck = new RecordingBatchBackend { BeforeAccept = (_, _, _) => new TaskCompletionSource().Task };
        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["stuck"] = stuck },
            options: new AsyncRoutingOptions
            {
                Name = name, Capacity = 2, FullMode = QueueFullMode.Wait, MaxBatchSize = 1, MaxBatchDelay = TimeSpan.Zero,
                ShutdownTimeout = ShutdownTimeout,
            });
        node.Send(Create(0));
        await stuck.FirstCall.Within();

        // At most 6 events fit (1 in flight, 2 in the lane, 1 in the worker's hands, 2 in the intake), so the
        // producer blocks until dispose releases it; however far it got, each event is accepted or refused once.
        var producer = Task.Factory.StartNew(
            () =>
            {
                for (var i = 1; i <= 10; i++)
                {
                    node.Send(Create(i));
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        await node.DisposeAsync().Within();
        await producer.Within();

        Assert.Multiple(() =>
        {
            Assert.That(node.Undelivered + dropped.Sum(name, ("eventtracking.drop.reason", "disposed")), Is.EqualTo(11));
            Assert.That(node.Undelivered, Is.InRange(1, 6));
            Assert.That(stuck.Events, Is.Empty);
        });
    }

    [Test]
    public async Task DisposeTwiceConcurrentlyShutsDownOnceAndBothCallsComplete()
    {
        var child = new RecordingBatchBackend();
        var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["child"] = child },
            options: new AsyncRoutingOptions { Name = UniqueName() });
        node.Send(Create(0));

        var first = node.DisposeAsync().AsTask();
        var second = node.DisposeAsync().AsTask();
        await Task.WhenAll(first, second).Within();
        await node.DisposeAsync().Within();
        await node.FlushAsync().Within();

        Assert.That(child.Events, Has.Count.EqualTo(1));
    }
}
