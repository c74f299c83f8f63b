using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static EventTracking.Tests.Routing.AsyncTestEvents;

namespace EventTracking.Tests.Routing.Durable;

/// <summary>A child removed from the tree (renamed in the configuration, say) between two starts.</summary>
public sealed class DurableRemovedChildTests
{
    [Test]
    public async Task AChildNoLongerInTheTreeDoesNotHoldTheBufferFullForever()
    {
        using var folder = new DurableTestFolder();
        var name = UniqueName();
        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        var down = new RecordingBatchBackend { BeforeAccept = (_, _, _) => throw new IOException("destination down") };
        var first = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["kept"] = new RecordingBatchBackend(), ["removed"] = down },
            options: Options(folder, name));
        await first.DeliverAsync(Enumerable.Range(0, 50).Select(i => Create(i)).ToList()).Within();
        await first.DisposeAsync().Within();

        var kept = new RecordingBatchBackend();
        await using var second = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["kept"] = kept }, options: Options(folder, name));
        var refused = 0;
        for (var i = 50; i < 1050; i++)
        {
            try
            {
                await second.DeliverAsync([Create(i)]).Within();
            }
            catch (EventDeliveryException)
            {
                refused++;
            }

            if (i % 50 == 0)
            {
                // The child in the tree has taken everything so far (about 8 KiB of the 64 KiB buffer since the last flush).
                await second.FlushAsync().Within();
            }
        }

        await second.FlushAsync().Within();

        Assert.Multiple(() =>
        {
            Assert.That(refused, Is.Zero, "the buffer frees what every child in the tree has taken");
            Assert.That(dropped.Sum(name), Is.Zero);
            Assert.That(Sequences(kept.Events), Is.EqualTo(Enumerable.Range(50, 1000)));
        });
    }

    [Test]
    public async Task AForgottenChildThatComesBackIsCountedForWhatWasDeletedMeanwhile()
    {
        using var folder = new DurableTestFolder();
        var name = UniqueName();
        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        var down = new RecordingBatchBackend { BeforeAccept = (_, _, _) => throw new IOException("destination down") };
        var first = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["kept"] = new RecordingBatchBackend(), ["late"] = down },
            options: Options(folder, name));
        await first.DeliverAsync(Enumerable.Range(0, 50).Select(i => Create(i)).ToList()).Within();
        await first.DisposeAsync().Within();

        var late = new RecordingBatchBackend();
        await using var second = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["kept"] = new RecordingBatchBackend() }, options: Options(folder, name));
        for (var i = 50; i < 1050; i++)
        {
            await second.DeliverAsync([Create(i)]).Within();
            if (i % 50 == 0)
            {
                await second.FlushAsync().Within();
            }
        }

        second.RegisterBackend("late", late);
        await second.FlushAsync().Within();

        var lost = dropped.Sum(name, ("eventtracking.backend", "late"), ("eventtracking.drop.reason", "buffer_full"));
        Assert.Multiple(() =>
        {
            Assert.That(lost, Is.GreaterThan(0));
            Assert.That(Sequences(late.Events), Is.Ordered.And.Unique);
            Assert.That(late.Events.Count + lost, Is.EqualTo(1050), "every event delivered to the child that came back, or counted lost to it");
        });
    }

    private static AsyncRoutingOptions Options(DurableTestFolder folder, string name) =>
        folder.Options(name, b =>
        {
            b.MaxBytes = 64 * 1024;
            b.SegmentBytes = 4096;
        });
}
