using System.Globalization;

namespace EventTracking.Tests.Durability;

/// <summary>
/// A producer process with a durable node in front of SQLite, killed with SIGKILL twenty times during steady emission
/// and restarted each time (issue 19). Nothing depends on timing: the producer prints a commit acknowledgement
/// (<c>committed &lt;run&gt; &lt;seq&gt;</c>: every event up to seq is fsynced) and the test kills it right after reading
/// the n-th one, so every event such a line covered must be stored exactly once at the end. In every other run the
/// store is down for the whole run, so what was committed survives the kill only in the buffer's files.
/// </summary>
public sealed class KillNineTests
{
    private const int Kills = 20;

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
        var random = new Random(19);
        var mustHave = new long[Kills];
        var committedInStoreAtKill = new int[Kills];
        for (var run = 0; run < Kills; run++)
        {
            var outage = run % 2 == 1;
            var runText = run.ToString(CultureInfo.InvariantCulture);
            using var producer = outage
                ? ProducerProcess.Start("produce", buffer, database, runText, "outage")
                : ProducerProcess.Start("produce", buffer, database, runText);
            await producer.Ready.WaitAsync(TimeSpan.FromSeconds(60));

            // Steady emission goes on while the acknowledgements come; the kill lands right after the n-th one, with
            // the events emitted since then in flight (in the intake, in a group being written, or being delivered).
            var acknowledgements = random.Next(1, 12);
            await producer.Reported("committed", acknowledgements).WaitAsync(TimeSpan.FromSeconds(60));
            await producer.KillAsync();

            // Every line was printed after its commit or flush completed, however late it was read.
            var committed = producer.LastSeq("committed", run);
            mustHave[run] = Math.Max(committed, producer.LastSeq("flushed", run));
            Assert.That(committed, Is.GreaterThanOrEqualTo(0), $"run {run} acknowledged committed events: {string.Join(" | ", producer.Errors)}");
            if (outage)
            {
                // The store was down: nothing of this run reached it, so the drain below can only find it in the buffer.
                var reachedStore = ProducerProcess.ReadStored(database).Count(e => e.Run == run);
                Assert.That(reachedStore, Is.Zero, $"run {run} ran with the store down");
            }
            else
            {
                committedInStoreAtKill[run] = ProducerProcess.ReadStored(database).Count(e => e.Run == run && e.Seq <= committed);
            }
        }

        using (var drain = ProducerProcess.Start("drain", buffer, database))
        {
            Assert.That(await drain.ExitAsync(TimeSpan.FromMinutes(2)), Is.Zero, string.Join(" | ", drain.Errors));
        }

        var stored = ProducerProcess.ReadStored(database);
        TestContext.Out.WriteLine($"stored {stored.Count} events; required per run: {string.Join(", ", mustHave)}; " +
            $"of those, already in the store at the kill (runs with the store up): {string.Join(", ", committedInStoreAtKill)}");
        Assert.Multiple(() =>
        {
            Assert.That(stored.Count, Is.EqualTo(stored.Distinct().Count()), "no event is stored twice");
            var present = stored.ToHashSet();
            for (var run = 0; run < Kills; run++)
            {
                var missing = Enumerable.Range(0, (int)mustHave[run] + 1).Count(seq => !present.Contains((run, seq)));
                Assert.That(missing, Is.Zero, $"run {run}: events 0..{mustHave[run]} were committed (fsynced) or flushed before the kill");
            }
        });
    }
}
