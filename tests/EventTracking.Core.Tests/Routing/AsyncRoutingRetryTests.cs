using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static EventTracking.Tests.Routing.AsyncTestEvents;

namespace EventTracking.Tests.Routing;

public sealed class AsyncRoutingRetryTests
{
    [Test]
    public async Task AChildFailingTwiceThenSucceedingGetsTheBatchOnceMoreAndNothingTwice()
    {
        var name = UniqueName();
        var child = new RecordingBatchBackend
        {
            BeforeAccept = (call, _, _) => call < 2 ? throw new InvalidOperationException($"failure {call}") : Task.CompletedTask,
        };
        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        using var failures = new MetricCollector<long>(Metrics.BackendFailures);
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["flaky"] = child },
            options: Options(name, maxRetries: 3));

        for (var i = 0; i < 50; i++)
        {
            node.Send(Create(i));
        }

        await node.FlushAsync().Within();

        var attempts = child.Attempts;
        var status = node.GetChildStatus().Single();
        Assert.Multiple(() =>
        {
            Assert.That(attempts[1], Is.EqualTo(attempts[0]));
            Assert.That(attempts[2], Is.EqualTo(attempts[0]));
            Assert.That(child.Batches[0], Is.EqualTo(attempts[0]));
            Assert.That(Sequences(child.Events), Is.EqualTo(Enumerable.Range(0, 50)));
            Assert.That(dropped.Sum(name), Is.Zero);
            Assert.That(failures.Sum(name, ("eventtracking.backend", "flaky")), Is.EqualTo(2));
            Assert.That(status.ConsecutiveFailures, Is.Zero);
            Assert.That(status.LastFailure, Is.InstanceOf<InvalidOperationException>());
        });
    }

    [Test]
    public async Task AChildFailingForeverIsCountedAsRetriesExhaustedWhileItsSiblingKeepsReceiving()
    {
        var name = UniqueName();
        var stuckInFirstAttempt = new TaskCompletionSource();
        var failing = new RecordingBatchBackend
        {
            BeforeAccept = async (call, _, _) =>
            {
                if (call == 0)
                {
                    await stuckInFirstAttempt.Task;
                }

                throw new InvalidOperationException("down");
            },
        };
        var sibling = new RecordingBatchBackend();
        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["failing"] = failing, ["sibling"] = sibling },
            options: Options(name, maxRetries: 2));

        node.Send(Create(0));
        await failing.FirstCall.Within();
        for (var i = 1; i < 200; i++)
        {
            node.Send(Create(i));
        }

        // The failing child is stuck in its first attempt; its sibling still gets every event.
        await sibling.WaitForEventsAsync(200).Within();
        stuckInFirstAttempt.SetResult();
        for (var i = 200; i < 300; i++)
        {
            node.Send(Create(i));
        }

        await node.FlushAsync().Within();

        var status = node.GetChildStatus();
        Assert.Multiple(() =>
        {
            Assert.That(Sequences(sibling.Events), Is.EqualTo(Enumerable.Range(0, 300)));
            Assert.That(failing.Events, Is.Empty);
            Assert.That(dropped.Sum(name, ("eventtracking.drop.reason", "retries_exhausted"), ("eventtracking.backend", "failing")), Is.EqualTo(300));
            Assert.That(dropped.Sum(name), Is.EqualTo(300));
            Assert.That(failing.Attempts.Sum(a => a.Length), Is.EqualTo(3 * 300), "every batch is tried 1 + MaxRetries times");
            Assert.That(status[0].ConsecutiveFailures, Is.GreaterThanOrEqualTo(3));
            Assert.That(status[0].LastFailure, Is.InstanceOf<InvalidOperationException>());
            Assert.That(status[1].ConsecutiveFailures, Is.Zero);
        });
    }

    [Test]
    public async Task AChildWithoutBatchesThatThrowsGetsTheSameEventOnceMoreAndNothingTwice()
    {
        var name = UniqueName();
        var child = new FlakyBackend(failures: 2);
        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["flaky"] = child },
            options: Options(name, maxRetries: 2));

        for (var i = 0; i < 10; i++)
        {
            node.Send(Create(i));
        }

        await node.FlushAsync().Within();

        Assert.Multiple(() =>
        {
            Assert.That(Sequences(child.Calls), Is.EqualTo(new[] { 0, 0 }.Concat(Enumerable.Range(0, 10))));
            Assert.That(Sequences(child.Accepted), Is.EqualTo(Enumerable.Range(0, 10)));
            Assert.That(dropped.Sum(name), Is.Zero);
        });
    }

    [Test]
    public async Task AnEventAChildWithoutBatchesRefusesEveryTimeIsDroppedAndTheNextOneStillDelivered()
    {
        var name = UniqueName();
        var child = new FlakyBackend(failures: 3);
        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["flaky"] = child },
            options: Options(name, maxRetries: 2));

        node.Send(Create(0));
        node.Send(Create(1));
        await node.FlushAsync().Within();

        Assert.Multiple(() =>
        {
            Assert.That(Sequences(child.Accepted), Is.EqualTo(new[] { 1 }));
            Assert.That(dropped.Sum(name, ("eventtracking.drop.reason", "retries_exhausted"), ("eventtracking.backend", "flaky")), Is.EqualTo(1));
        });
    }

    private static AsyncRoutingOptions Options(string name, int maxRetries) => new()
    {
        Name = name,
        MaxRetries = maxRetries,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        MaxBatchDelay = TimeSpan.Zero,
    };
}
