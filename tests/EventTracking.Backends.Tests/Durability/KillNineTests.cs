using System.Diagnostics;
using System.Globalization;

namespace EventTracking.Tests.Durability;

/// <summary>
/// A producer process with a durable node in front of SQLite, killed with SIGKILL twenty times during steady emission
/// and restarted each time (issue 19).
/// </summary>
public sealed class KillNineTests
{
    private const int Kills = 20;

    /// <summary>
    /// The commit interval the producer uses (50 ms), plus room for one fsync and the scheduling of a busy shared machine:
    /// an event emitted longer than this before the kill must have been committed.
    /// </summary>
    private static readonly TimeSpan CommittedAfter = TimeSpan.FromMilliseconds(50) + TimeSpan.FromSeconds(1);

    [Test]
    public async Task EveryEventCommittedOrFlushedBeforeEachKillIsStoredExactlyOnce()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("SIGKILL is a Unix signal; Process.Kill on Windows is TerminateProcess, tested the same way elsewhere.");
        }

        using var folder = new TempFolder();
        var buffer = Path.Combine(folder.Path, "buffer");
        var database = Path.Combine(folder.Path, "events.db");
        var clock = Stopwatch.StartNew();
        var random = new Random(19);
        var mustHave = new long[Kills];
        for (var run = 0; run < Kills; run++)
        {
            using var producer = ProducerProcess.Start(clock, "produce", buffer, database, run.ToString(CultureInfo.InvariantCulture));
            await producer.Ready.WaitAsync(TimeSpan.FromSeconds(60));
            await producer.FirstFlush.WaitAsync(TimeSpan.FromSeconds(60));

            // More steady emission, then the kill at a random point: the delay is the workload, not a wait for background work.
            await Task.Delay(random.Next(0, 600));
            var killedAt = clock.Elapsed;
            await producer.KillAsync();

            var flushed = producer.LastSeq("flushed", run);
            var committed = producer.LastSeq("emitted", run, at => at <= killedAt - CommittedAfter);
            mustHave[run] = Math.Max(flushed, committed);
            Assert.That(producer.LastSeq("emitted", run), Is.GreaterThan(0), $"run {run} emitted events: {string.Join(" | ", producer.Errors)}");
        }

        using (var drain = ProducerProcess.Start(clock, "drain", buffer, database))
        {
            Assert.That(await drain.ExitAsync(TimeSpan.FromMinutes(2)), Is.Zero, string.Join(" | ", drain.Errors));
        }

        var stored = ProducerProcess.ReadStored(database);
        TestContext.Out.WriteLine($"stored {stored.Count} events; required per run: {string.Join(", ", mustHave)}");
        Assert.Multiple(() =>
        {
            Assert.That(stored.Count, Is.EqualTo(stored.Distinct().Count()), "no event is stored twice");
            var present = stored.ToHashSet();
            for (var run = 0; run < Kills; run++)
            {
                var missing = Enumerable.Range(0, (int)mustHave[run] + 1).Count(seq => !present.Contains((run, seq)));
                Assert.That(missing, Is.Zero, $"run {run}: events 0..{mustHave[run]} were committed or flushed before the kill");
            }
        });
    }
}
