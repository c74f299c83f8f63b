using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static EventTracking.Tests.Routing.AsyncTestEvents;

namespace EventTracking.Tests.Routing;

public sealed class AsyncRoutingDiagnosticsTests
{
    [Test]
    public async Task ADroppingStormIsLoggedAsAFewWarningsWhoseCountsAddUpToEveryDrop()
    {
        var name = UniqueName();
        var logger = new FakeLogger();
        var gate = new TaskCompletionSource();
        var child = new RecordingBatchBackend { BeforeAccept = (_, _, _) => gate.Task };
        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["blocked"] = child },
            options: new AsyncRoutingOptions { Name = name, Capacity = 10, MaxBatchSize = 1, MaxBatchDelay = TimeSpan.Zero },
            logger: logger);

        node.Send(Create(0));
        await child.FirstCall.Within();
        for (var i = 1; i <= 10_000; i++)
        {
            node.Send(Create(i));
        }

        await node.WhenDispatchedAsync().Within();
        gate.SetResult();
        await node.DisposeAsync().Within();

        var warnings = logger.Collector.GetSnapshot().Where(r => r.Id.Id == 4).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(warnings, Has.Count.InRange(1, 3), "rate-limited: one at the first drop, one at shutdown, maybe one between");
            Assert.That(warnings.Select(w => w.Level), Is.All.EqualTo(LogLevel.Warning));
            Assert.That(warnings.Sum(w => long.Parse(w.GetStructuredStateValue("Count")!)), Is.EqualTo(dropped.Sum(name)));
            Assert.That(dropped.Sum(name), Is.EqualTo(10_000 - 10));
        });
    }

    [Test]
    public async Task EachDeliveryAttemptIsTimedOnTheBatchDurationHistogram()
    {
        var name = UniqueName();
        using var durations = new MetricCollector<double>(Metrics.BatchDuration);
        var calls = 0;
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend>
            {
                ["child"] = new RecordingBatchBackend
                {
                    BeforeAccept = (_, _, _) => Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException() : Task.CompletedTask,
                },
            },
            options: new AsyncRoutingOptions { Name = name, MaxBatchDelay = TimeSpan.Zero, RetryBaseDelay = TimeSpan.FromMilliseconds(1) });

        node.Send(Create(0));
        await node.FlushAsync().Within();

        var mine = durations.GetMeasurementSnapshot().Where(m => Equals(m.Tags["eventtracking.node"], name)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(mine.Select(m => m.Tags["eventtracking.outcome"]), Is.EqualTo(new[] { "failure", "success" }));
            Assert.That(mine.Select(m => m.Tags["eventtracking.backend"]), Is.All.EqualTo("child"));
            Assert.That(mine.Select(m => m.Value), Is.All.GreaterThanOrEqualTo(0));
        });
    }

    [Test]
    public async Task AFailingChildIsLoggedOnceWhenItStartsFailingAndOnceWhenItRecovers()
    {
        var logger = new FakeLogger();
        var calls = 0;
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend>
            {
                ["child"] = new RecordingBatchBackend
                {
                    BeforeAccept = (_, _, _) => Interlocked.Increment(ref calls) <= 3 ? throw new InvalidOperationException("down") : Task.CompletedTask,
                },
            },
            options: new AsyncRoutingOptions { Name = UniqueName(), MaxBatchDelay = TimeSpan.Zero, RetryBaseDelay = TimeSpan.FromMilliseconds(1) },
            logger: logger);

        node.Send(Create(0));
        await node.FlushAsync().Within();

        var records = logger.Collector.GetSnapshot();
        Assert.Multiple(() =>
        {
            Assert.That(records.Count(r => r.Level == LogLevel.Warning && r.Exception is InvalidOperationException), Is.EqualTo(1));
            Assert.That(records.Count(r => r.Level == LogLevel.Information && r.Message.Contains("recovered after 3")), Is.EqualTo(1));
        });
    }
}
