using static EventTracking.Tests.Routing.AsyncTestEvents;

namespace EventTracking.Tests.Routing;

public sealed class AsyncRoutingFlushTests
{
    [Test]
    public async Task FlushCompletesOnlyOnceTheChildHasTakenEveryEventSentBeforeIt()
    {
        var gate = new TaskCompletionSource();
        var child = new RecordingBatchBackend { BeforeAccept = (_, _, _) => gate.Task };
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["slow"] = child },
            options: new AsyncRoutingOptions { Name = UniqueName(), MaxBatchDelay = TimeSpan.Zero });

        for (var i = 0; i < 5; i++)
        {
            node.Send(Create(i));
        }

        var flush = node.FlushAsync().AsTask();
        await child.FirstCall.Within();
        Assert.That(flush.IsCompleted, Is.False);
        gate.SetResult();
        await flush.Within();

        Assert.That(Sequences(child.Events), Is.EqualTo(Enumerable.Range(0, 5)));
    }

    [Test]
    public async Task FlushWaitsForEveryChildNotOnlyTheFastOne()
    {
        var gate = new TaskCompletionSource();
        var slow = new RecordingBatchBackend { BeforeAccept = (_, _, _) => gate.Task };
        var fast = new RecordingBatchBackend();
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["fast"] = fast, ["slow"] = slow },
            options: new AsyncRoutingOptions { Name = UniqueName(), MaxBatchDelay = TimeSpan.Zero });

        node.Send(Create(0));
        var flush = node.FlushAsync().AsTask();
        await fast.WaitForEventsAsync(1).Within();
        await slow.FirstCall.Within();
        Assert.That(flush.IsCompleted, Is.False);
        gate.SetResult();
        await flush.Within();

        Assert.That(slow.Events, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task APartialBatchWaitsForMaxBatchDelayUnlessAFlushCutsItShort()
    {
        var child = new RecordingBatchBackend();
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["child"] = child },
            options: new AsyncRoutingOptions { Name = UniqueName(), MaxBatchDelay = TimeSpan.FromHours(1) });

        for (var i = 0; i < 3; i++)
        {
            node.Send(Create(i));
        }

        await node.WhenDispatchedAsync().Within();
        var beforeFlush = child.Events.Count;
        await node.FlushAsync().Within();

        Assert.Multiple(() =>
        {
            Assert.That(beforeFlush, Is.Zero);
            Assert.That(Sequences(child.Events), Is.EqualTo(new[] { 0, 1, 2 }));
        });
    }

    [Test]
    public async Task AFullBatchGoesOutWithoutWaitingForMaxBatchDelay()
    {
        var child = new RecordingBatchBackend();
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["child"] = child },
            options: new AsyncRoutingOptions { Name = UniqueName(), MaxBatchSize = 10, MaxBatchDelay = TimeSpan.FromHours(1) });

        for (var i = 0; i < 10; i++)
        {
            node.Send(Create(i));
        }

        await child.WaitForEventsAsync(10).Within();

        Assert.That(Sequences(child.Events), Is.EqualTo(Enumerable.Range(0, 10)));
    }

    [Test]
    public async Task ACancelledFlushStopsWaitingButDeliveryGoesOn()
    {
        var gate = new TaskCompletionSource();
        var child = new RecordingBatchBackend { BeforeAccept = (_, _, _) => gate.Task };
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["stalled"] = child },
            options: new AsyncRoutingOptions { Name = UniqueName(), MaxBatchDelay = TimeSpan.Zero });
        node.Send(Create(0));
        await child.FirstCall.Within();

        using var cancel = new CancellationTokenSource();
        var flush = node.FlushAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();

        Assert.That(async () => await flush, Throws.InstanceOf<OperationCanceledException>());
        gate.SetResult();
        await node.FlushAsync().Within();
        Assert.That(child.Events, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task FlushOfAnIdleNodeCompletes()
    {
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["child"] = new RecordingBatchBackend() },
            options: new AsyncRoutingOptions { Name = UniqueName() });

        await node.FlushAsync().Within();
        await node.FlushAsync().Within();
    }

    [Test]
    public async Task FlushAfterProcessorsDropEverythingCompletes()
    {
        var child = new RecordingBatchBackend();
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["child"] = child },
            [new DelegateProcessor(_ => null)],
            new AsyncRoutingOptions { Name = UniqueName() });

        node.Send(Create(0));
        await node.FlushAsync().Within();

        Assert.That(child.Events, Is.Empty);
    }

    [Test]
    public async Task FlushesFromSeveralThreadsWhileEventsFlowAllComplete()
    {
        var child = new RecordingBatchBackend();
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["child"] = child },
            options: new AsyncRoutingOptions { Name = UniqueName(), MaxBatchSize = 50 });

        var producers = Enumerable.Range(0, 4).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                node.Send(Create(i, p));
                if (i % 500 == 499)
                {
                    var expected = i + 1;
                    await node.FlushAsync();
                    Assert.That(child.Events.Count(e => AsyncTestEvents.Read(e).Producer == p), Is.GreaterThanOrEqualTo(expected));
                }
            }
        }));
        await Task.WhenAll(producers).Within();

        Assert.That(child.Events, Has.Count.EqualTo(8_000));
    }
}
