using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static EventTracking.Tests.Routing.AsyncTestEvents;

namespace EventTracking.Tests.Routing.Durable;

public sealed class DurableCorruptionTests
{
    private const int Total = 300;

    [Test]
    public async Task ATornTailIsCutOffCountedAsCorruptAndEverythingBeforeItIsDelivered()
    {
        using var folder = new DurableTestFolder();
        var name = UniqueName();
        await folder.WriteUndeliveredAsync(name, Total, moreSegmentsThan: 2);
        var newest = folder.Segments[^1];
        using (var file = new FileStream(newest, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(file.Length - 7);
        }

        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        var store = await folder.ReadBackAsync(name);

        Assert.Multiple(() =>
        {
            Assert.That(Sequences(store.Events), Is.EqualTo(Enumerable.Range(0, Total - 1)));
            Assert.That(dropped.Sum(name, ("eventtracking.drop.reason", "corrupt")), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task AFlippedBitSkipsExactlyTheDamagedRecordAndCountsIt()
    {
        using var folder = new DurableTestFolder();
        var name = UniqueName();
        await folder.WriteUndeliveredAsync(name, Total, moreSegmentsThan: 2);
        var first = folder.Segments[0];
        var bytes = File.ReadAllBytes(first);
        bytes[40] ^= 0x10;
        File.WriteAllBytes(first, bytes);

        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        var store = await folder.ReadBackAsync(name);

        Assert.Multiple(() =>
        {
            Assert.That(Sequences(store.Events), Is.EqualTo(Enumerable.Range(1, Total - 1)), "the first record holds byte 40");
            Assert.That(dropped.Sum(name, ("eventtracking.drop.reason", "corrupt"), ("eventtracking.backend", "db")), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task RandomDamageToSegmentFilesNeverCrashesAndEveryIntactRecordIsDeliveredOnce([Range(0, 19)] int seed)
    {
        using var folder = new DurableTestFolder();
        var name = UniqueName();
        await folder.WriteUndeliveredAsync(name, Total, moreSegmentsThan: 2);
        var random = new Random(seed);
        var segments = folder.Segments;
        for (var damage = random.Next(1, 6); damage > 0; damage--)
        {
            var path = segments[random.Next(segments.Length)];
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length == 0)
            {
                continue;
            }

            switch (random.Next(3))
            {
                case 0:
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    var at = random.Next(bytes.Length);
                    random.NextBytes(bytes.AsSpan(at, Math.Min(32, bytes.Length - at)));
                    break;
                default:
                    Array.Resize(ref bytes, random.Next(bytes.Length));
                    break;
            }

            File.WriteAllBytes(path, bytes);
        }

        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        var store = await folder.ReadBackAsync(name);
        var delivered = Sequences(store.Events).ToList();
        var corrupt = dropped.Sum(name, ("eventtracking.drop.reason", "corrupt"), ("eventtracking.backend", "db"));

        Assert.Multiple(() =>
        {
            Assert.That(delivered, Is.Ordered.And.Unique.And.All.InRange(0, Total - 1));
            Assert.That(delivered.Count + corrupt, Is.EqualTo(Total), "every loss is counted exactly, also a lost tail (the committed mark)");
            Assert.That(dropped.Sum(name, ("eventtracking.drop.reason", "corrupt")), Is.EqualTo(corrupt), "and only once, per child");
        });
    }

    [Test]
    public async Task CommittedRecordsLostAtTheEndAreCountedExactlyWhenTheCutFallsBetweenRecordsOrTheNewestSegmentIsGone([Values] bool deleteNewest)
    {
        using var folder = new DurableTestFolder();
        var name = UniqueName();
        await folder.WriteUndeliveredAsync(name, Total, moreSegmentsThan: 2);
        var newest = folder.Segments[^1];
        if (deleteNewest)
        {
            File.Delete(newest);
        }
        else
        {
            // Cut at a record boundary: no torn bytes to see, only the committed mark tells what is missing.
            var bytes = File.ReadAllBytes(newest);
            var length = BitConverter.ToInt32(bytes, 4) + 16;
            File.WriteAllBytes(newest, bytes[..length]);
        }

        using var dropped = new MetricCollector<long>(Metrics.Dropped);
        var store = await folder.ReadBackAsync(name);
        var delivered = Sequences(store.Events).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(delivered, Has.Count.LessThan(Total));
            Assert.That(delivered, Is.EqualTo(Enumerable.Range(0, delivered.Count)));
            Assert.That(dropped.Sum(name, ("eventtracking.drop.reason", "corrupt")), Is.EqualTo(Total - delivered.Count));
        });
    }
}
