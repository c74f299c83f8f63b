using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static EventTracking.Tests.Routing.AsyncTestEvents;

namespace EventTracking.Tests.Routing;

public sealed class AsyncRoutingWaitTimeoutTests
{
    [Test]
    public async Task InWaitModeAStalledChildBlocksEmitOnlyUntilTheWaitTimeoutThenTheEventIsDroppedAndCounted()
    {
        var name = UniqueName();
        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        var gate = new TaskCompletionSource();
        var child = new RecordingBatchBackend { BeforeAccept = (_, _, _) => gate.Task };
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["stalled"] = child },
            options: new AsyncRoutingOptions
            {
                Name = name,
                Capacity = 2,
                FullMode = QueueFullMode.Wait,
                WaitTimeout = TimeSpan.FromMilliseconds(20),
                MaxBatchSize = 1,
                MaxBatchDelay = TimeSpan.Zero,
            });

        // One event in flight, two in the lane, two in the intake: the rest wait, then give up.
        await Task.Run(() =>
        {
            for (var i = 0; i < 10; i++)
            {
                node.Send(Create(i));
            }
        }).Within();
        var timedOut = dropped.Sum(name, ("eventtracking.drop.reason", "wait_timeout"));
        gate.SetResult();
        await node.FlushAsync().Within();

        Assert.Multiple(() =>
        {
            Assert.That(timedOut, Is.GreaterThan(0));
            Assert.That(child.Events.Count + timedOut, Is.EqualTo(10), "every event is delivered or counted once");
        });
    }

    [Test]
    public void ANegativeWaitTimeoutIsRefusedNamingTheOption()
    {
        Assert.That(
            () => new AsyncRoutingBackend(options: new AsyncRoutingOptions { WaitTimeout = TimeSpan.FromSeconds(-1) }),
            Throws.ArgumentException.With.Message.Contains("WaitTimeout"));
    }
}
