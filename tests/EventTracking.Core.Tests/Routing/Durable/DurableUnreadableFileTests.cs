using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Testing;
using static EventTracking.Tests.Routing.AsyncTestEvents;

namespace EventTracking.Tests.Routing.Durable;

/// <summary>
/// Files of a durable buffer that cannot be read as written: a segment cut in the middle or gone while the node runs,
/// an unreadable segment, damaged position and mark files. The node skips what it cannot read (counted <c>corrupt</c>,
/// logged once with the file's name), delivers everything else, never hangs; a permission problem at start is a clear
/// exception naming the path.
/// </summary>
public sealed class DurableUnreadableFileTests
{
    private const int Total = 300;

    [Test]
    public async Task AnOlderSegmentCutInTheMiddleBeforeTheStartIsSkippedFromTheCutAndTheRestIsDelivered()
    {
        using var folder = new DurableTestFolder();
        var name = UniqueName();
        await folder.WriteUndeliveredAsync(name, Total, moreSegmentsThan: 3);
        var middle = folder.Segments[1];
        var bytes = File.ReadAllBytes(middle);
        File.WriteAllBytes(middle, bytes[..(bytes.Length / 2)]);

        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        var store = await folder.ReadBackAsync(name);

        AssertExact(store, dropped, name, expectLoss: true);
    }

    [Test]
    public async Task ASegmentThatIsDeletedOrCutWhileTheNodeRunsIsSkippedCountedAndLoggedOnceAndFlushCompletes([Values] bool delete)
    {
        using var folder = new DurableTestFolder();
        var name = UniqueName();
        var up = new TaskCompletionSource();
        var store = new RecordingBatchBackend
        {
            BeforeAccept = (_, _, _) =>
            {
                if (!up.Task.IsCompleted)
                {
                    throw new IOException("destination down");
                }

                return Task.CompletedTask;
            },
        };
        var logs = new FakeLogger();
        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        var options = folder.Options(name, b => b.SegmentBytes = 8192, maxBatchSize: 20);
        options.Capacity = 16;
        await using (var node = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["db"] = store }, options: options, logger: logs))
        {
            for (var i = 0; i < Total; i += 30)
            {
                await node.DeliverAsync(Enumerable.Range(i, 30).Select(n => Create(n)).ToList()).Within();
            }

            var damaged = folder.Segments[^3];
            if (delete)
            {
                File.Delete(damaged);
            }
            else
            {
                using var file = new FileStream(damaged, FileMode.Open, FileAccess.Write);
                file.SetLength(file.Length / 2);
            }

            up.SetResult();
            await node.FlushAsync().Within();
            AssertExact(store, dropped, name, expectLoss: true);
            var lines = logs.Collector.GetSnapshot().Select(r => r.Message).ToList();
            Assert.That(lines.Count(l => l.Contains(Path.GetFileName(damaged), StringComparison.Ordinal)), Is.EqualTo(1), string.Join("\n", lines));
        }
    }

    [Test]
    public async Task ASegmentTheNodeCannotReadIsSkippedCountedAndTheRestDelivered()
    {
        using var folder = new DurableTestFolder();
        var name = UniqueName();
        await folder.WriteUndeliveredAsync(name, Total, moreSegmentsThan: 3);
        var unreadable = folder.Segments[1];

        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        var store = new RecordingBatchBackend();
        var options = folder.Options(name, b => b.ReadFault = path => path == unreadable ? new IOException("Input/output error") : null);
        await using (var node = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["db"] = store }, options: options))
        {
            await node.FlushAsync().Within();
        }

        AssertExact(store, dropped, name, expectLoss: true);
    }

    [Test]
    public async Task DamagedPositionAndMarkFilesMakeTheChildReplayFromTheOldestRecordWithoutACrash()
    {
        using var folder = new DurableTestFolder();
        var name = UniqueName();
        await folder.WriteUndeliveredAsync(name, Total, moreSegmentsThan: 3);
        var random = new Random(7);
        foreach (var file in Directory.GetFiles(folder.Path, "*.pos").Concat(Directory.GetFiles(folder.Path, "*.mark")))
        {
            var garbage = new byte[random.Next(1, 3000)];
            random.NextBytes(garbage);
            File.WriteAllBytes(file, garbage);
        }

        // A stray file whose name would drive a terminal: logged, but never raw.
        File.WriteAllBytes(Path.Combine(folder.Path, "child-\u001b[2J\nforged.pos"), [1, 2, 3]);

        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        var logs = new FakeLogger();
        var store = new RecordingBatchBackend();
        await using (var node = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["db"] = store }, options: folder.Options(name), logger: logs))
        {
            await node.FlushAsync().Within();
        }

        var lines = logs.Collector.GetSnapshot().Select(r => r.Message).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(Sequences(store.Events), Is.EqualTo(Enumerable.Range(0, Total)));
            Assert.That(dropped.Sum(name), Is.Zero);
            Assert.That(lines.Count(l => l.Contains(".pos", StringComparison.Ordinal)), Is.EqualTo(2), string.Join("\n", lines));
            Assert.That(lines.Count(l => l.Contains(".mark", StringComparison.Ordinal)), Is.EqualTo(2), string.Join("\n", lines));
            Assert.That(lines, Has.None.Matches<string>(l => l.Any(char.IsControl)), "no control character reaches a log line");
            Assert.That(lines, Has.Some.Contains("child-?[2J?forged.pos"));
        });
    }

    [Test]
    public void AFileOfTheBufferTheProcessMayNotReadFailsAtStartNamingThePath([Values("seg", "pos", "mark")] string kind)
    {
        using var folder = new DurableTestFolder();
        var name = UniqueName();
        folder.WriteUndeliveredAsync(name, Total, moreSegmentsThan: 3).GetAwaiter().GetResult();
        var denied = Directory.GetFiles(folder.Path, "*." + kind).Order(StringComparer.Ordinal).First();
        var options = folder.Options(name, b => b.ReadFault = path => path == denied ? new UnauthorizedAccessException($"Access to the path '{path}' is denied.") : null);

        var error = Assert.Throws<IOException>(() => new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["db"] = new RecordingBatchBackend() }, options: options));
        Assert.That(error!.Message, Does.Contain(denied).And.Contain("permission"));

        // Nothing was lost: with the permission back, the node starts and delivers everything.
        var store = folder.ReadBackAsync(name).GetAwaiter().GetResult();
        Assert.That(Sequences(store.Events), Is.EqualTo(Enumerable.Range(0, Total)));
    }

    [Test]
    public void ARealPermissionProblemOnABufferFileFailsAtStartNamingThePath([Values("seg", "pos")] string kind)
    {
        if (OperatingSystem.IsWindows() || Environment.UserName == "root")
        {
            Assert.Ignore("root reads any file (and Windows has no Unix modes); the fault seam test above covers the same path.");
            return;
        }

        using var folder = new DurableTestFolder();
        var name = UniqueName();
        folder.WriteUndeliveredAsync(name, Total, moreSegmentsThan: 3).GetAwaiter().GetResult();
        var denied = Directory.GetFiles(folder.Path, "*." + kind).Order(StringComparer.Ordinal).First();

        // A segment the process may not read; a position file it may read but not write.
        File.SetUnixFileMode(denied, kind == "seg" ? UnixFileMode.None : UnixFileMode.UserRead);
        try
        {
            var error = Assert.Throws<IOException>(() => new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["db"] = new RecordingBatchBackend() }, options: folder.Options(name)));
            Assert.That(error!.Message, Does.Contain(denied));
        }
        finally
        {
            File.SetUnixFileMode(denied, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static void AssertExact(RecordingBatchBackend store, MetricCollector<long> dropped, string name, bool expectLoss)
    {
        var delivered = Sequences(store.Events).ToList();
        var corrupt = dropped.Sum(name, ("eventtracking.drop.reason", "corrupt"), ("eventtracking.backend", "db"));
        Assert.Multiple(() =>
        {
            Assert.That(delivered, Is.Ordered.And.Unique.And.All.InRange(0, Total - 1));
            Assert.That(delivered.Count + corrupt, Is.EqualTo(Total), "every record is delivered or counted corrupt, once");
            Assert.That(dropped.Sum(name), Is.EqualTo(corrupt), "nothing else is counted");
            Assert.That(delivered, Does.Contain(0).And.Contain(Total - 1), "what is readable before and after the damage is delivered");
            if (expectLoss)
            {
                Assert.That(corrupt, Is.GreaterThan(0));
            }
        });
    }
}
