namespace EventTracking.Core.Tests.Events;

public sealed class EventIdsTests
{
    private static readonly DateTimeOffset Instant = new(2026, 11, 30, 12, 0, 0, 123, 456, TimeSpan.Zero);

    [Test]
    public void IdsOfOneMicrosecondSortInTheOrderTheyWereMade()
    {
        var ids = Enumerable.Range(0, 50_000).Select(_ => EventIds.NewId(Instant).ToString("D")).ToList();

        Assert.That(ids, Is.Ordered.Using<string>(StringComparer.Ordinal));
        Assert.That(ids.Distinct().Count(), Is.EqualTo(ids.Count));
    }

    [Test]
    public void IdsNeverGoBackWhenTheClockDoes()
    {
        var later = EventIds.NewId(Instant.AddSeconds(10)).ToString("D");
        var earlier = EventIds.NewId(Instant).ToString("D");

        Assert.That(string.CompareOrdinal(earlier, later), Is.GreaterThan(0));
    }

    [Test]
    public void AnIdIsVersion7Variant2AndCarriesItsMillisecond()
    {
        var instant = Instant.AddDays(1);
        var id = EventIds.NewId(instant).ToString("N");

        Assert.That(id[12], Is.EqualTo('7'));
        Assert.That(id[16], Is.AnyOf('8', '9', 'a', 'b'));
        Assert.That(Convert.ToInt64(id[..12], 16), Is.EqualTo(instant.ToUnixTimeMilliseconds()));
    }

    [Test]
    public void AnIdIsLaidOutInRfcByteOrder()
    {
        // (microseconds since the epoch << 10) | counter, encoded directly: NewId would continue from ids other tests made.
        var microseconds = (Instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
        var id = EventIds.Encode((microseconds << 10) | 0x2A5, 0x0123_4567_89AB_CDEFL);
        var text = id.ToString("N");

        Assert.That(Convert.ToHexStringLower(id.ToByteArray(bigEndian: true)), Is.EqualTo(text), "the string and the RFC 9562 bytes agree");
        Assert.That(Convert.ToInt64(text[..12], 16), Is.EqualTo(Instant.ToUnixTimeMilliseconds()), "unix_ts_ms");
        Assert.That(text[12..16], Is.EqualTo("71c8"), "version 7, then the 456 microseconds within the millisecond in rand_a");
        Assert.That(text[16..20], Is.EqualTo("8" + "2a5"), "variant 2, then the counter");
        Assert.That(text[20..], Is.EqualTo("456789abcdef"), "the low 48 random bits");
    }

    [Test]
    public void EventsOfOneTrackerCarryIncreasingIds()
    {
        var memory = new InMemoryBackend();
        var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["memory"] = memory });
        for (var i = 0; i < 1_000; i++)
        {
            tracker.Emit("e" + i);
        }

        Assert.That(memory.Events.Select(e => e.Id.ToString("D")), Is.Ordered.Using<string>(StringComparer.Ordinal));
    }

    [Test]
    public void IdsMadeOnManyThreadsAtOnceAreDistinctAndEachThreadsAreOrdered()
    {
        const int Threads = 4;
        const int PerThread = 20_000;
        var perThread = new string[Threads][];
        using var start = new Barrier(Threads);
        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            var ids = new string[PerThread];
            start.SignalAndWait();
            for (var i = 0; i < PerThread; i++)
            {
                ids[i] = EventIds.NewId(Instant.AddDays(2)).ToString("D");
            }

            perThread[t] = ids;
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        Assert.That(perThread.SelectMany(ids => ids).Distinct().Count(), Is.EqualTo(Threads * PerThread));
        Assert.That(perThread, Has.All.Ordered.Using<string>(StringComparer.Ordinal));
    }

    [Test]
    public void ACounterThatRunsOutMovesTheTimeFieldsOnByAMicrosecondAcrossTheMillisecond()
    {
        // The state word holds microseconds since the epoch above a 10-bit counter: the last count of microsecond 999
        // plus one is microsecond 0 of the next millisecond.
        var lastMicrosecond = (Instant.ToUnixTimeMilliseconds() * 1000) + 999;
        var before = EventIds.Encode((lastMicrosecond << 10) | 1023, 0).ToString("N");
        var after = EventIds.Encode(((lastMicrosecond << 10) | 1023) + 1, 0).ToString("N");

        Assert.That(Convert.ToInt64(before[..12], 16), Is.EqualTo(Instant.ToUnixTimeMilliseconds()));
        Assert.That(before[13..16], Is.EqualTo("3e7"), "microsecond 999");
        Assert.That(Convert.ToInt64(after[..12], 16), Is.EqualTo(Instant.ToUnixTimeMilliseconds() + 1));
        Assert.That(after[13..16], Is.EqualTo("000"));
        Assert.That(string.CompareOrdinal(before, after), Is.LessThan(0));
    }
}
