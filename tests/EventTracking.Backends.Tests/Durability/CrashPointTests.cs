using System.Globalization;

namespace EventTracking.Tests.Durability;

/// <summary>
/// The durable buffer killed (SIGKILL) in the middle of its own file operations: a producer process kills itself the
/// n-th time the buffer reaches a named point (a segment begun or sealed, a group written but not fsynced, a passed
/// segment being deleted, a position or mark file being written), then the next run starts on what it left. The
/// rounds are fixed by count, and nothing depends on timing: the producer flushes after every burst, and every event
/// whose flush completed must be stored exactly once at the end.
/// </summary>
public sealed class CrashPointTests
{
    private static readonly string[] Points =
    [
        "segment-created", "group-written", "group-synced", "segment-sealed", "mark-saved",
        "segment-deleting", "position-saving", "position-saved",
    ];

    /// <summary>A new position or mark file sized but not yet written: three files are created at a first start.</summary>
    private const string FileSized = "position-file-sized";

    [Test]
    public async Task AKillAtAnyPointOfASegmentRollCompactionOrPositionWriteLosesNothingFlushedAndStoresNothingTwice()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("SIGKILL is a Unix signal.");
        }

        using var folder = new TempFolder();
        var buffer = Path.Combine(folder.Path, "buffer");
        var database = Path.Combine(folder.Path, "events.db");
        var random = new Random(1919);
        var flushed = new List<long>();
        var rounds = Points
            .SelectMany(p => new[] { (Point: p, Nth: 1), (Point: p, Nth: random.Next(2, 12)) })
            .Concat([(Point: FileSized, Nth: 1), (Point: FileSized, Nth: 2), (Point: FileSized, Nth: 3)])
            .ToList();
        var run = 0;
        foreach (var (point, nth) in rounds)
        {
            {
                if (point == FileSized)
                {
                    // As at a first start: the eviction mark (1st), the committed mark (2nd), the child's position (3rd).
                    // Losing them costs a replay from the oldest record, which the store absorbs.
                    foreach (var file in Directory.GetFiles(buffer, "*.pos").Concat(Directory.GetFiles(buffer, "*.mark")))
                    {
                        File.Delete(file);
                    }
                }

                using var producer = ProducerProcess.Start("crash", buffer, database, run.ToString(CultureInfo.InvariantCulture), point, nth.ToString(CultureInfo.InvariantCulture));
                var exit = await producer.ExitAsync(TimeSpan.FromMinutes(2));
                var lines = producer.Lines.ToList();
                Assert.That(lines, Does.Contain($"crashing {point}"), $"run {run} ({point} #{nth}) exited with {exit} without reaching the point: {string.Join(" | ", producer.Errors)}");
                Assert.That(exit, Is.EqualTo(137), $"run {run} was killed by SIGKILL");
                flushed.Add(producer.LastSeq("flushed", run));
                run++;
            }
        }

        using (var drain = ProducerProcess.Start("drain", buffer, database))
        {
            Assert.That(await drain.ExitAsync(TimeSpan.FromMinutes(2)), Is.Zero, string.Join(" | ", drain.Errors));
        }

        var stored = ProducerProcess.ReadStored(database);
        TestContext.Out.WriteLine($"{run} crashes; stored {stored.Count} events; flushed per run: {string.Join(", ", flushed)}");
        Assert.Multiple(() =>
        {
            Assert.That(stored, Has.Count.EqualTo(stored.Distinct().Count()), "no event is stored twice");
            Assert.That(flushed.Count(f => f >= 0), Is.GreaterThan(0), "runs killed at a later occurrence of their point flushed events first");
            var present = stored.ToHashSet();
            for (var r = 0; r < run; r++)
            {
                var missing = Enumerable.Range(0, (int)flushed[r] + 1).Count(seq => !present.Contains((r, seq)));
                Assert.That(missing, Is.Zero, $"run {r} ({rounds[r].Point} #{rounds[r].Nth}): events 0..{flushed[r]} were flushed before the kill");
            }
        });
    }
}
