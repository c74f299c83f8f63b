using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using static EventTracking.Tests.Routing.AsyncTestEvents;

namespace EventTracking.Tests.Routing.Durable;

public sealed class DurableOutageTests
{
    [Test]
    public async Task ADestinationDownForSixtySecondsWhileAHundredThousandEventsAreEmittedLosesAndDuplicatesNothing()
    {
        const int Total = 100_000;
        using var folder = new DurableTestFolder();
        var name = UniqueName();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var down = 1;
        var store = new RecordingBatchBackend
        {
            BeforeAccept = (_, _, _) => Volatile.Read(ref down) == 1 ? Task.FromException(new HttpRequestException("collector down")) : Task.CompletedTask,
        };
        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        var options = folder.Options(name, maxBatchSize: 500);
        options.TimeProvider = clock;
        options.RetryBaseDelay = TimeSpan.FromMilliseconds(100);
        await using var node = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["collector"] = store }, options: options);

        // Sixty seconds of the fake clock, one second at a time, with a sixtieth of the events in each.
        var next = 0;
        for (var second = 1; second <= 60; second++)
        {
            for (var end = Total * second / 60; next < end; next++)
            {
                node.Send(Create(next));
            }

            await node.WhenDispatchedAsync().Within();
            if (second == 1)
            {
                // The destination has been tried (and refused) before the rest of the outage goes by.
                await store.FirstCall.Within();
            }

            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Volatile.Write(ref down, 0);
        clock.Advance(TimeSpan.FromSeconds(31));
        var flushed = node.FlushAsync().AsTask();
        for (var step = 0; step < 3000 && !flushed.IsCompleted; step++)
        {
            // The lane's back-off is on the fake clock: keep it moving until the flush completes.
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(flushed, Task.Delay(10));
        }

        await flushed.Within();
        var delivered = Sequences(store.Events).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(store.Attempts.Count, Is.GreaterThan(store.Batches.Count), "the destination refused batches while it was down");
            Assert.That(delivered, Has.Count.EqualTo(Total), "nothing lost, nothing duplicated");
            Assert.That(delivered.Distinct().Count(), Is.EqualTo(Total));
            Assert.That(delivered, Is.Ordered);
            Assert.That(dropped.Sum(name), Is.Zero);
        });
    }
}
