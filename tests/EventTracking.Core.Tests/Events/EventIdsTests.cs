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
}
