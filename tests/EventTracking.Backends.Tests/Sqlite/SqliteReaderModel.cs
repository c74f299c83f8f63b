using EventTracking.Reading;

namespace EventTracking.Tests.Sqlite;

/// <summary>
/// Random but repeatable events and the answers a reader must give for them, computed in memory with
/// <see cref="EventFilter.Matches"/>: the model that <see cref="SqliteReaderModelTests"/> holds the SQLite reader to.
/// </summary>
internal static class SqliteReaderModel
{
    public static readonly string[] Names = ["page.view", "page.click", "a*b.x", "a?c", "course.enrolled"];

    public static readonly EventFilter[] Filters =
    [
        EventFilter.All,
        new() { Name = "page.view" },
        new() { NamePrefix = "a*" },
        new() { NamePrefix = "page." },
        new() { From = TestEvents.Start.AddHours(1).AddMinutes(17).AddSeconds(3.5), To = TestEvents.Start.AddDays(2).AddHours(3).AddTicks(70) },
        new() { From = TestEvents.Start.AddHours(5) },
        new() { To = TestEvents.Start.AddHours(30).AddSeconds(1) },
        new() { Context = new Dictionary<string, string> { ["user_id"] = "7" } },
        new() { NamePrefix = "page.", From = TestEvents.Start.AddMinutes(90.25), Context = new Dictionary<string, string> { ["org"] = "edX" } },
    ];

    public static List<TrackingEvent> Events(int count, int seed = 17)
    {
        var random = new Random(seed);
        var events = new List<TrackingEvent>(count);
        for (var i = 0; i < count; i++)
        {
            var context = new Dictionary<string, object?>();
            switch (random.Next(4))
            {
                case 0: context["user_id"] = (long)random.Next(1, 30); break;
                case 1: context["user_id"] = random.Next(1, 30).ToString(System.Globalization.CultureInfo.InvariantCulture); break;
                case 2: context["user_id"] = null; break;
            }

            if (random.Next(3) == 0)
            {
                context["org"] = random.Next(2) == 0 ? "edX" : "MITx";
            }

            var timestamp = TestEvents.Start.AddTicks((long)(random.NextDouble() * TimeSpan.TicksPerDay * 3) / 10 * 10);
            events.Add(new TrackingEvent(
                Guid.NewGuid(),
                Names[random.Next(Names.Length)],
                timestamp,
                context,
                new Dictionary<string, object?> { ["n"] = (long)i, ["course"] = new Dictionary<string, object?> { ["id"] = "c" + (i % 3) } }));
        }

        return events;
    }

    public static IEnumerable<TrackingEvent> Matching(IEnumerable<TrackingEvent> events, EventFilter filter, EventOrder order)
    {
        var matching = events.Where(filter.Matches).OrderBy(EventCursor.At);
        return order == EventOrder.OldestFirst ? matching : matching.Reverse();
    }

    public static Dictionary<(DateTimeOffset, string), long> CountByName(IEnumerable<TrackingEvent> events, EventFilter filter, TimeBucket bucket) =>
        events.Where(filter.Matches)
            .GroupBy(e => (EventCountQuery.BucketStart(e.Timestamp, bucket), e.Name))
            .ToDictionary(g => g.Key, g => (long)g.Count());

    public static Dictionary<DateOnly, long> DistinctUsers(IEnumerable<TrackingEvent> events, EventFilter filter, string key) =>
        events.Where(filter.Matches)
            .Select(e => (Day: DateOnly.FromDateTime(e.Timestamp.UtcDateTime), User: e.Context.GetValueOrDefault(key)))
            .Where(x => x.User is not null)
            .GroupBy(x => x.Day)
            .ToDictionary(g => g.Key, g => (long)g.Select(x => Convert.ToString(x.User, System.Globalization.CultureInfo.InvariantCulture)).Distinct().Count());
}
