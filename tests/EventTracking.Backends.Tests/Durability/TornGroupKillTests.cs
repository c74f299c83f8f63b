using System.Globalization;

namespace EventTracking.Tests.Durability;

/// <summary>
/// A producer process killed (SIGKILL) in the middle of writing a group commit: the group's bytes are cut in half, as a
/// partial write leaves them, then the process dies before the fsync. At the next start every event of that group that
/// is not whole on disk is counted <c>corrupt</c>, one per event, and the whole ones are delivered. No timing: the kill
/// happens at a fixed group, from inside the buffer's write path (the producer's crash hook).
/// </summary>
public sealed class TornGroupKillTests
{
    [Test]
    public async Task AKillInTheMiddleOfAGroupsWriteCountsEveryEventOfTheGroupNotWholeOnDisk([Values(1, 5)] int group)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("SIGKILL is a Unix signal.");
        }

        using var folder = new TempFolder();
        var buffer = Path.Combine(folder.Path, "buffer");
        var database = Path.Combine(folder.Path, "events.db");
        long torn;
        long flushed;
        using (var producer = ProducerProcess.Start("crash", buffer, database, "0", "group-torn", group.ToString(CultureInfo.InvariantCulture)))
        {
            var exit = await producer.ExitAsync(TimeSpan.FromMinutes(2));
            Assert.That(producer.Lines, Does.Contain("crashing group-torn"), $"exited with {exit} without reaching group {group}: {string.Join(" | ", producer.Errors)}");
            Assert.That(exit, Is.EqualTo(137), "killed by SIGKILL");
            torn = Reported(producer, "torn");
            flushed = producer.LastSeq("flushed", 0);
        }

        long corrupt;
        using (var drain = ProducerProcess.Start("drain", buffer, database))
        {
            Assert.That(await drain.ExitAsync(TimeSpan.FromMinutes(2)), Is.Zero, string.Join(" | ", drain.Errors));
            corrupt = Reported(drain, "corrupt");
        }

        var stored = ProducerProcess.ReadStored(database).Select(e => e.Seq).Order().ToList();
        TestContext.Out.WriteLine($"group {group}: {torn} event(s) of the torn group not whole on disk, {corrupt} counted corrupt; {stored.Count} stored, flushed up to {flushed}");
        Assert.Multiple(() =>
        {
            Assert.That(torn, Is.GreaterThan(0), "the cut left at least one record of the group incomplete");
            Assert.That(corrupt, Is.EqualTo(torn), "one corrupt per event of the torn group that is not whole on disk");
            Assert.That(stored, Is.EqualTo(Enumerable.Range(0, stored.Count)), "every event before the cut is stored, once, and nothing after it");
            Assert.That(stored.Count, Is.GreaterThan(flushed), "every flushed event is stored");
        });
    }

    private static long Reported(ProducerProcess process, string kind)
    {
        var line = process.Lines.SingleOrDefault(l => l.StartsWith(kind + " ", StringComparison.Ordinal));
        Assert.That(line, Is.Not.Null, $"the process printed \"{kind} <n>\"");
        return long.Parse(line![(kind.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
