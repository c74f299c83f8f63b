using static EventTracking.Tests.Routing.AsyncTestEvents;

namespace EventTracking.Tests.Routing.Durable;

/// <summary>Child positions: saved in place in two alternating checksummed slots, read back after a restart.</summary>
public sealed class DurablePositionTests
{
    [Test]
    public void APositionTornByAPowerLossLeavesThePreviousOne()
    {
        using var folder = new DurableTestFolder();
        Directory.CreateDirectory(folder.Path);
        using (var store = new PositionStore(folder.Path))
        {
            store.Save("db", 10);
            store.Save("db", 20);
            store.Save("db", 30);
        }

        // The newest save went to one slot; tear it (the sector half written), as a power loss can.
        var file = Directory.GetFiles(folder.Path, "*.pos").Single();
        var bytes = File.ReadAllBytes(file);
        var newest = Array.FindIndex([bytes.AsSpan(0, bytes.Length / 2).ToArray(), bytes.AsSpan(bytes.Length / 2).ToArray()], s => BitConverter.ToInt64(s, 12) == 30);
        bytes[(newest * bytes.Length / 2) + 13] ^= 0xFF;
        File.WriteAllBytes(file, bytes);

        using var reopened = new PositionStore(folder.Path);
        Assert.That(reopened.Load(), Is.EqualTo(new Dictionary<string, long> { ["db"] = 20 }));
        reopened.Save("db", 40);
        using var third = new PositionStore(folder.Path);
        Assert.That(third.Load(), Is.EqualTo(new Dictionary<string, long> { ["db"] = 40 }));
    }

    [Test]
    public void EveryChildKeepsItsOwnPositionWhateverItsName()
    {
        using var folder = new DurableTestFolder();
        Directory.CreateDirectory(folder.Path);
        var longName = new string('é', 400) + "/store";
        using (var store = new PositionStore(folder.Path))
        {
            for (var i = 1; i <= 1_000; i++)
            {
                store.Save("a", i);
                store.Save(longName, 2 * i);
            }
        }

        using var reopened = new PositionStore(folder.Path);
        Assert.That(reopened.Load(), Is.EqualTo(new Dictionary<string, long> { ["a"] = 1_000, [longName] = 2_000 }));
    }

    [Test]
    public void AnUnreadablePositionFileIsSkippedAndReplacedAtTheNextSave()
    {
        using var folder = new DurableTestFolder();
        Directory.CreateDirectory(folder.Path);
        using (var store = new PositionStore(folder.Path))
        {
            store.Save("db", 7);
        }

        var file = Directory.GetFiles(folder.Path, "*.pos").Single();
        File.WriteAllText(file, "7\nZGI=\n123\n");

        using var reopened = new PositionStore(folder.Path);
        Assert.That(reopened.Load(), Is.Empty);
        reopened.Save("db", 8);
        using var third = new PositionStore(folder.Path);
        Assert.That(third.Load(), Is.EqualTo(new Dictionary<string, long> { ["db"] = 8 }));
    }

    [Test]
    public void PositionsAreStillSavedWhenTheDiskIsFull()
    {
        using var folder = new DurableTestFolder();
        Directory.CreateDirectory(folder.Path);
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root" || DurableDiskFullTests.Run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", folder.Path) != 0)
        {
            Assert.Ignore("Mounting a tmpfs needs root on Linux.");
        }

        try
        {
            using (var store = new PositionStore(folder.Path))
            {
                store.Save("db", 1);
                Assert.Throws(Is.InstanceOf<IOException>(), () => File.WriteAllBytes(System.IO.Path.Combine(folder.Path, "filler"), new byte[1 << 20]), "the disk is full");
                for (var i = 2; i <= 100; i++)
                {
                    store.Save("db", i);
                }
            }

            using var reopened = new PositionStore(folder.Path);
            Assert.That(reopened.Load(), Is.EqualTo(new Dictionary<string, long> { ["db"] = 100 }));
        }
        finally
        {
            DurableDiskFullTests.Run("umount", folder.Path);
        }
    }

    [Test]
    public async Task AChildWhosePositionFileIsDamagedTakesEverythingHeldAgainAfterARestart()
    {
        using var folder = new DurableTestFolder();
        var name = UniqueName();
        var store = new RecordingBatchBackend();
        var first = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["db"] = store }, options: folder.Options(name));
        await first.DeliverAsync(Enumerable.Range(0, 50).Select(i => Create(i)).ToList()).Within();
        await first.FlushAsync().Within();
        await first.DisposeAsync().Within();
        Assert.That(Sequences(store.Events), Is.EqualTo(Enumerable.Range(0, 50)));

        var file = Directory.GetFiles(folder.Path, "*.pos").Single();
        File.WriteAllBytes(file, new byte[new FileInfo(file).Length]);

        var again = new RecordingBatchBackend();
        await using var second = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["db"] = again }, options: folder.Options(name));
        second.Send(Create(50));
        await second.FlushAsync().Within();

        // The replay is what idempotent stores absorb; nothing held is skipped.
        Assert.That(Sequences(again.Events), Is.EqualTo(Enumerable.Range(0, 51)));
    }
}
