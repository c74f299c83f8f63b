using System.Globalization;

namespace EventTracking.ReaderContract.Tests;

/// <summary>
/// The events every store is filled with, the filters it is asked, and the answers computed in memory with
/// <see cref="EventFilter.Matches"/>, ordered by (timestamp, id): what every <see cref="IEventReader"/> must agree with.
/// </summary>
internal static class ContractEvents
{
    public static readonly DateTimeOffset Start = new(2026, 11, 28, 22, 0, 0, TimeSpan.Zero);

    /// <summary>Names with the characters LIKE, regular expressions and globs treat specially, and two that differ in case only.</summary>
    public static readonly string[] Names =
    [
        "edx.course.enroll", "edx.course.unenroll", "navigation.request", "problem.check", "a*b.x", "a%b.x", "a_b.x", "A_b.y", "a.b\\c",
    ];

    /// <summary>360 events over two UTC days; timestamps shared in pairs (the id breaks the tie) and rounded to the store's resolution.</summary>
    public static List<TrackingEvent> Create(TimeSpan resolution)
    {
        var events = new List<TrackingEvent>();
        for (var i = 0; i < 360; i++)
        {
            object? user = (i % 6) switch { 0 => 42L, 1 => "42", 2 => 7L, 3 => null, 4 => "someone", _ => true };
            var context = new Dictionary<string, object?>
            {
                ["course_id"] = i % 2 == 0 ? "cs101" : "cs102",
                ["org.unit"] = i % 3 == 0 ? "edX" : "MITx",
            };
            if (i % 7 != 0)
            {
                context["user_id"] = user;
            }

            if (i % 11 == 0)
            {
                context["flag"] = i % 2 == 0 ? true : "true";
            }

            var timestamp = Start.AddMinutes(i / 2 * 9).AddTicks((i / 2 % 5) * 12_345);
            timestamp = new DateTimeOffset(timestamp.UtcTicks - (timestamp.UtcTicks % resolution.Ticks), TimeSpan.Zero);
            events.Add(new TrackingEvent(
                Guid.NewGuid(),
                Names[i % Names.Length],
                timestamp,
                context,
                new Dictionary<string, object?>
                {
                    ["n"] = (long)i,
                    ["url"] = "/p/" + i,
                    ["nested"] = new Dictionary<string, object?> { ["ok"] = i % 2 == 0 },
                    ["score"] = i % 4 == 0 ? 0.5 : null,
                }));
        }

        return events;
    }

    public static IEnumerable<TestCaseData> Filters()
    {
        yield return Case("all", EventFilter.All);
        yield return Case("name", new EventFilter { Name = "problem.check" });
        yield return Case("name-with-underscore", new EventFilter { Name = "a_b.x" });
        yield return Case("prefix", new EventFilter { NamePrefix = "edx.course." });
        yield return Case("prefix-star", new EventFilter { NamePrefix = "a*" });
        yield return Case("prefix-percent", new EventFilter { NamePrefix = "a%" });
        yield return Case("prefix-underscore", new EventFilter { NamePrefix = "a_" });
        yield return Case("prefix-case", new EventFilter { NamePrefix = "A" });
        yield return Case("prefix-backslash", new EventFilter { NamePrefix = "a.b\\" });
        yield return Case("range", new EventFilter { From = Start.AddHours(3).AddTicks(5), To = Start.AddHours(9).AddMilliseconds(1) });
        yield return Case("from", new EventFilter { From = Start.AddHours(20) });
        yield return Case("to-other-offset", new EventFilter { To = Start.AddHours(7).ToOffset(TimeSpan.FromHours(-5)) });
        yield return Case("user-text-and-number", new EventFilter { Context = new Dictionary<string, string> { ["user_id"] = "42" } });
        yield return Case("user-number", new EventFilter { Context = new Dictionary<string, string> { ["user_id"] = "7" } });
        yield return Case("user-boolean", new EventFilter { Context = new Dictionary<string, string> { ["user_id"] = "true" } });
        yield return Case("flag-boolean-or-text", new EventFilter { Context = new Dictionary<string, string> { ["flag"] = "true" } });
        yield return Case("dotted-key", new EventFilter { Context = new Dictionary<string, string> { ["org.unit"] = "edX" } });
        yield return Case("combined", new EventFilter
        {
            NamePrefix = "edx.", From = Start.AddHours(2), Context = new Dictionary<string, string> { ["user_id"] = "42", ["course_id"] = "cs101" },
        });
    }

    public static List<Guid> Matching(IEnumerable<TrackingEvent> events, EventFilter filter, EventOrder order)
    {
        var ids = events.Where(filter.Matches).OrderBy(EventCursor.At).Select(e => e.Id).ToList();
        if (order == EventOrder.NewestFirst)
        {
            ids.Reverse();
        }

        return ids;
    }

    public static List<EventCount> CountByName(IEnumerable<TrackingEvent> events, EventFilter filter, TimeBucket bucket) =>
        events.Where(filter.Matches)
            .GroupBy(e => (Bucket: EventCountQuery.BucketStart(e.Timestamp, bucket), e.Name))
            .OrderBy(g => g.Key.Bucket).ThenBy(g => g.Key.Name, StringComparer.Ordinal)
            .Select(g => new EventCount(g.Key.Bucket, g.Key.Name, g.LongCount()))
            .ToList();

    public static List<DailyUserCount> DistinctUsers(IEnumerable<TrackingEvent> events, EventFilter filter, string key) =>
        events.Where(filter.Matches)
            .Where(e => e.Context.TryGetValue(key, out var user) && user is not null)
            .GroupBy(e => DateOnly.FromDateTime(e.Timestamp.UtcDateTime))
            .OrderBy(g => g.Key)
            .Select(g => new DailyUserCount(g.Key, g.Select(e => Text(e.Context[key])).Distinct().LongCount()))
            .ToList();

    private static string? Text(object? value) => value switch
    {
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static TestCaseData Case(string label, EventFilter filter) => new TestCaseData(filter).SetArgDisplayNames(label);
}
