using System.Buffers.Binary;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static EventTracking.Tests.Routing.AsyncTestEvents;

namespace EventTracking.Tests.Routing.Durable;

/// <summary>
/// A group commit the process never finished (killed while writing it): every event of the group that did not reach the
/// disk whole is counted <c>corrupt</c>, once per child, not as a single loss.
/// </summary>
public sealed class DurableTornGroupTests
{
    private const int Committed = 300;
    private const int Group = 10;

    [Test]
    public async Task EveryEventOfAGroupCutWhileBeingWrittenIsCountedOncePerChild(
        [Values(0, 2)] int wholeRecords, [Values(0, 5)] int moreBytes)
    {
        using var folder = new DurableTestFolder();
        var name = UniqueName();
        await folder.WriteUndeliveredAsync(name, Committed, moreSegmentsThan: 2);

        // The writer as the killed process ran it: the group is appended and written, the process stops before the
        // fsync (here: an exception out of the crash point), and what the kill left of the write is a prefix of it.
        var writer = Environment.CurrentManagedThreadId;
        using (var log = DurableLog.Open(folder.Options(name).Buffer!, recentCapacity: 16))
        {
            for (var seq = Committed; seq < Committed + Group; seq++)
            {
                Assert.That(log.Append(Create(seq), out _), Is.True);
            }

            CrashPoints.Hook = point =>
            {
                if (point == "group-written" && Environment.CurrentManagedThreadId == writer)
                {
                    throw new InvalidOperationException("killed before the fsync");
                }
            };
            try
            {
                Assert.Throws<InvalidOperationException>(() => log.Commit());
            }
            finally
            {
                CrashPoints.Hook = null;
            }
        }

        var torn = folder.Segments[^1];
        Assert.That(Path.GetFileName(torn), Is.EqualTo(Segment.FileName(Committed + 1)), "the group began a segment of its own (record numbers start at 1)");
        var bytes = File.ReadAllBytes(torn);
        File.WriteAllBytes(torn, bytes[..(RecordsEnd(bytes, wholeRecords) + moreBytes)]);

        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        var store = await folder.ReadBackAsync(name);

        Assert.Multiple(() =>
        {
            Assert.That(Sequences(store.Events), Is.EqualTo(Enumerable.Range(0, Committed + wholeRecords)), "what was written whole is delivered");
            Assert.That(dropped.Sum(name, ("eventtracking.drop.reason", "corrupt"), ("eventtracking.backend", "db")), Is.EqualTo(Group - wholeRecords));
            Assert.That(dropped.Sum(name, ("eventtracking.drop.reason", "corrupt")), Is.EqualTo(Group - wholeRecords), "counted for the child only, not again at the node");
        });
    }

    [Test]
    public async Task WithoutTheCommittedMarkEachTornRecordWhoseHeaderReachedTheDiskIsCounted()
    {
        using var folder = new DurableTestFolder();
        var name = UniqueName();
        await folder.WriteUndeliveredAsync(name, Committed, moreSegmentsThan: 2);

        // The last group (events 270 to 299) as a power loss may leave it when the mark is lost too: two records with
        // damaged payloads, then the third cut in the middle; nothing of the group's last seven records reached the disk.
        File.Delete(Path.Combine(folder.Path, "committed.mark"));
        var newest = folder.Segments[^1];
        var bytes = File.ReadAllBytes(newest);
        var first = RecordIndex(bytes, Committed - 10 + 1);
        Assert.That(first, Is.GreaterThanOrEqualTo(0), "the newest segment holds event 290 (record 291: numbers start at 1)");
        var damaged = RecordsEnd(bytes, first) + RecordFormat.HeaderSize + 3;
        bytes[damaged] ^= 0x20;
        bytes[RecordsEnd(bytes, first + 1) + RecordFormat.HeaderSize + 3] ^= 0x20;
        File.WriteAllBytes(newest, bytes[..(RecordsEnd(bytes, first + 2) + RecordFormat.HeaderSize + 8)]);

        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        var store = await folder.ReadBackAsync(name);

        Assert.Multiple(() =>
        {
            Assert.That(Sequences(store.Events), Is.EqualTo(Enumerable.Range(0, Committed - 10)));
            Assert.That(dropped.Sum(name, ("eventtracking.drop.reason", "corrupt"), ("eventtracking.backend", "db")), Is.EqualTo(3), "events 290, 291 and 292");
            Assert.That(dropped.Sum(name, ("eventtracking.drop.reason", "corrupt")), Is.EqualTo(3), "counted for the child only");
        });
    }

    [Test]
    public async Task AGroupTheDiskRefusedIsCountedBufferFullOnlyAndNotAgainAsCorruptAfterARestart()
    {
        using var folder = new DurableTestFolder();
        var name = UniqueName();
        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        var diskFull = false;
        await using (var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["db"] = new RecordingBatchBackend { BeforeAccept = (_, _, _) => throw new IOException("destination down") } },
            options: folder.Options(name, b => b.WriteFault = () => Volatile.Read(ref diskFull) ? new IOException("No space left on device") : null)))
        {
            await node.DeliverAsync(Enumerable.Range(0, 100).Select(n => Create(n)).ToList()).Within();
            Volatile.Write(ref diskFull, true);

            // The group's end was already in the committed mark when the write failed: the last thing this process does.
            Assert.That(async () => await node.DeliverAsync(Enumerable.Range(100, Group).Select(n => Create(n)).ToList()), Throws.TypeOf<EventDeliveryException>());
        }

        var store = await folder.ReadBackAsync(name);

        Assert.Multiple(() =>
        {
            Assert.That(Sequences(store.Events), Is.EqualTo(Enumerable.Range(0, 100)));
            Assert.That(dropped.Sum(name, ("eventtracking.drop.reason", "buffer_full")), Is.EqualTo(Group));
            Assert.That(dropped.Sum(name, ("eventtracking.drop.reason", "corrupt")), Is.Zero, "the refused group's numbers are used again, not counted lost");
        });
    }

    /// <summary>The byte offset where the first <paramref name="records"/> records of a segment end.</summary>
    private static int RecordsEnd(byte[] segment, int records)
    {
        var offset = 0;
        for (var i = 0; i < records; i++)
        {
            offset += RecordFormat.HeaderSize + BinaryPrimitives.ReadInt32LittleEndian(segment.AsSpan(offset + 4));
        }

        return offset;
    }

    /// <summary>The index in the segment of the record with sequence number <paramref name="seq"/>, or -1.</summary>
    private static int RecordIndex(byte[] segment, long seq)
    {
        var offset = 0;
        for (var i = 0; offset < segment.Length; i++)
        {
            if (RecordFormat.ClaimedSeq(segment.AsSpan(offset)) == seq)
            {
                return i;
            }

            offset += RecordFormat.HeaderSize + BinaryPrimitives.ReadInt32LittleEndian(segment.AsSpan(offset + 4));
        }

        return -1;
    }
}
