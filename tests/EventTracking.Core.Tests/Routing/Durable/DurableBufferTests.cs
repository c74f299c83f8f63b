using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static EventTracking.Tests.Routing.AsyncTestEvents;

namespace EventTracking.Tests.Routing.Durable;

public sealed class DurableBufferTests
{
    [Test]
    public async Task EventsAChildHasNotTakenAreDeliveredAfterARestartExactlyOnce()
    {
        using var folder = new DurableTestFolder();
        var name = UniqueName();
        var down = new RecordingBatchBackend { BeforeAccept = (_, _, _) => throw new IOException("destination down") };
        var first = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["db"] = down }, options: folder.Options(name));
        await first.DeliverAsync(Enumerable.Range(0, 250).Select(i => Create(i)).ToList()).Within();
        await first.DisposeAsync().Within();

        var store = new RecordingBatchBackend();
        await using var second = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["db"] = store }, options: folder.Options(name));
        await second.FlushAsync().Within();

        Assert.That(Sequences(store.Events), Is.EqualTo(Enumerable.Range(0, 250)));
    }

    [Test]
    public async Task EachChildResumesFromItsOwnPosition()
    {
        using var folder = new DurableTestFolder();
        var name = UniqueName();
        var healthy = new RecordingBatchBackend();
        var down = new RecordingBatchBackend { BeforeAccept = (_, _, _) => throw new IOException("destination down") };
        var first = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["a"] = healthy, ["b"] = down }, options: folder.Options(name));
        for (var i = 0; i < 100; i++)
        {
            first.Send(Create(i));
        }

        await healthy.WaitForEventsAsync(100).Within();
        await first.DisposeAsync().Within();

        var healthyAgain = new RecordingBatchBackend();
        var recovered = new RecordingBatchBackend();
        await using var second = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["a"] = healthyAgain, ["b"] = recovered }, options: folder.Options(name));
        second.Send(Create(100));
        await second.FlushAsync().Within();

        Assert.Multiple(() =>
        {
            Assert.That(Sequences(healthyAgain.Events), Is.EqualTo(new[] { 100 }));
            Assert.That(Sequences(recovered.Events), Is.EqualTo(Enumerable.Range(0, 101)));
        });
    }

    [Test]
    public async Task FlushCompletesOnlyOnceTheEventsAreDeliveredAndSegmentsEveryChildPassedAreDeleted()
    {
        using var folder = new DurableTestFolder();
        var store = new RecordingBatchBackend();
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["db"] = store },
            options: folder.Options(UniqueName(), b => { b.MaxBytes = 64 * 1024; b.SegmentBytes = 4096; }));
        for (var round = 0; round < 5; round++)
        {
            for (var i = 0; i < 200; i++)
            {
                node.Send(Create((round * 200) + i));
            }

            await node.FlushAsync().Within();
        }

        Assert.Multiple(() =>
        {
            Assert.That(Sequences(store.Events), Is.EqualTo(Enumerable.Range(0, 1000)));
            Assert.That(folder.Segments, Has.Length.LessThanOrEqualTo(1), "every segment but the current one is deleted");
        });
    }

    [Test]
    public async Task AFullBufferRefusesNewEventsCountsThemAndTakesEventsAgainOnceAChildDrainsIt()
    {
        using var folder = new DurableTestFolder();
        var name = UniqueName();
        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        var open = new TaskCompletionSource();
        var store = new RecordingBatchBackend { BeforeAccept = (_, _, _) => open.Task };
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["db"] = store },
            options: folder.Options(name, b => { b.MaxBytes = 64 * 1024; b.SegmentBytes = 4096; }));

        var refused = 0;
        for (var i = 0; i < 600; i++)
        {
            try
            {
                await node.DeliverAsync([Create(i)]).Within();
            }
            catch (EventDeliveryException)
            {
                refused++;
            }
        }

        open.SetResult();
        await node.FlushAsync().Within();
        await node.DeliverAsync([Create(5000)]).Within();
        await node.FlushAsync().Within();

        Assert.Multiple(() =>
        {
            Assert.That(refused, Is.GreaterThan(0));
            Assert.That(dropped.Sum(name, ("eventtracking.drop.reason", "buffer_full")), Is.EqualTo(refused));
            Assert.That(store.Events, Has.Count.EqualTo(600 - refused + 1));
            Assert.That(Sequences(store.Events).Last(), Is.EqualTo(5000), "writing resumed once the child drained the buffer");
            Assert.That(Sequences(store.Events).Distinct().Count(), Is.EqualTo(store.Events.Count));
        });
    }

    [Test]
    public async Task AWriteTheDiskRefusesIsCountedNeverThrownAtEmitAndWritingResumes()
    {
        using var folder = new DurableTestFolder();
        var name = UniqueName();
        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        var diskFull = true;
        var store = new RecordingBatchBackend();
        await using var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["db"] = store },
            options: folder.Options(name, b => b.WriteFault = () => Volatile.Read(ref diskFull) ? new IOException("No space left on device") : null));

        for (var i = 0; i < 100; i++)
        {
            node.Send(Create(i));
        }

        await node.FlushAsync().Within();
        Assert.That(async () => await node.DeliverAsync([Create(100)]), Throws.TypeOf<EventDeliveryException>());
        Volatile.Write(ref diskFull, false);
        for (var i = 101; i < 200; i++)
        {
            node.Send(Create(i));
        }

        await node.FlushAsync().Within();

        Assert.Multiple(() =>
        {
            Assert.That(dropped.Sum(name, ("eventtracking.drop.reason", "buffer_full")), Is.EqualTo(101));
            Assert.That(Sequences(store.Events), Is.EqualTo(Enumerable.Range(101, 99)));
        });
    }

    [Test]
    public void ASecondNodeOnTheSameFolderFailsNamingTheFolder()
    {
        using var folder = new DurableTestFolder();
        using var first = new AsyncRoutingBackendScope(new AsyncRoutingBackend(options: folder.Options(UniqueName())));

        Assert.That(
            () => new AsyncRoutingBackend(options: folder.Options(UniqueName())),
            Throws.TypeOf<IOException>().With.Message.Contains(folder.Path));
    }

    [Test]
    public async Task TheFolderIsOwnerOnlyAndItsFilesAreOwnerReadWrite()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix file modes do not exist on Windows.");
            return;
        }

        using var folder = new DurableTestFolder();
        var store = new RecordingBatchBackend();
        await using (var node = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["db"] = store }, options: folder.Options(UniqueName())))
        {
            node.Send(Create(1));
            await node.FlushAsync().Within();
        }

        var folderMode = File.GetUnixFileMode(folder.Path);
        var fileModes = new Dictionary<string, UnixFileMode>();
        foreach (var file in Directory.GetFiles(folder.Path))
        {
            fileModes[Path.GetFileName(file)] = File.GetUnixFileMode(file);
        }

        Assert.Multiple(() =>
        {
            Assert.That(folderMode, Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
            Assert.That(fileModes.Keys, Has.Some.EndsWith(".seg").And.Some.EndsWith(".pos"));
            Assert.That(fileModes.Values, Is.All.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        });
    }
}
