using EventTracking.Reading;

namespace EventTracking.Tests.Reading;

public sealed class ReadingTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public void ACursorTokenRoundTripsAndOrdersByTimeThenIdText()
    {
        var id = Guid.Parse("0193aaaa-0000-7000-8000-000000000001");
        var cursor = new EventCursor(Start.AddTicks(1234567), id);
        Assert.That(cursor.Timestamp, Is.EqualTo(Start.AddTicks(1234560)), "truncated to microseconds");
        Assert.That(EventCursor.Parse(cursor.ToString()), Is.EqualTo(cursor));
        Assert.That(Uri.EscapeDataString(cursor.ToString()), Is.EqualTo(cursor.ToString()), "URL-safe");

        var later = new EventCursor(Start.AddTicks(1234560), Guid.Parse("f193aaaa-0000-7000-8000-000000000001"));
        Assert.That(cursor < later, Is.True);
        Assert.That(new EventCursor(Start, later.Id) < cursor, Is.True, "time first");
        Assert.That(() => EventCursor.Parse("nope"), Throws.TypeOf<FormatException>().With.Message.Contains("'nope'"));
        Assert.That(EventCursor.TryParse("12-xyz", out _), Is.False);
    }

    [Test]
    public void AFilterMatchesNameTimeAndContextAsDocumented()
    {
        var evt = new TrackingEvent(Guid.NewGuid(), "edx.course.enrolled", Start, new { user_id = 42, org = "edX", flag = true }, null);
        Assert.Multiple(() =>
        {
            Assert.That(new EventFilter { NamePrefix = "edx.course." }.Matches(evt), Is.True);
            Assert.That(new EventFilter { NamePrefix = "EDX." }.Matches(evt), Is.False, "ordinal");
            Assert.That(new EventFilter { From = Start, To = Start.AddTicks(10) }.Matches(evt), Is.True, "From inclusive");
            Assert.That(new EventFilter { To = Start }.Matches(evt), Is.False, "To exclusive");
            Assert.That(new EventFilter { Context = new Dictionary<string, string> { ["user_id"] = "42", ["flag"] = "true" } }.Matches(evt), Is.True);
            Assert.That(new EventFilter { Context = new Dictionary<string, string> { ["org"] = "edx" } }.Matches(evt), Is.False);
        });
    }

    [Test]
    public void AnInvalidQueryNamesTheBadValue()
    {
        Assert.That(new EventFilter { From = Start, To = Start.AddDays(-1) }.Validate, Throws.ArgumentException.With.Message.Contains("EventFilter.From"));
        Assert.That(new EventFilter { Context = new Dictionary<string, string> { ["a\"b"] = "x" } }.Validate, Throws.ArgumentException.With.Message.Contains("'a\"b'"));
        Assert.That(new EventReadQuery { Limit = 0 }.Validate, Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("EventReadQuery.Limit"));
        Assert.That(() => new EventCountQuery().Validate(Start), Throws.ArgumentException.With.Message.Contains("Filter.From is required"));
        Assert.That(
            () => new EventCountQuery { Filter = new EventFilter { From = Start.AddYears(-1) }, Bucket = TimeBucket.Minute }.Validate(Start),
            Throws.ArgumentException.With.Message.Contains("Minute buckets"));
        Assert.That(new DistinctUsersQuery { UserKey = "" }.Validate, Throws.ArgumentException.With.Message.Contains("UserKey"));
    }

    [Test]
    public void TheFieldCollectorInfersPathsTypesPresenceAndExamples()
    {
        var collector = new EventFieldCollector(maxExamples: 2);
        collector.Add(new TrackingEvent(Guid.NewGuid(), "x", Start, new { user_id = 1 }, new { course = new { id = "a" }, score = 1.5, tags = new[] { "t" } }));
        collector.Add(new TrackingEvent(Guid.NewGuid(), "x", Start, new { user_id = "u2" }, new { course = new { id = "b" }, score = 2 }));
        collector.Add(new TrackingEvent(Guid.NewGuid(), "x", Start, new { user_id = (string?)null }, new { course = new { id = "c" } }));

        var fields = collector.Build().ToDictionary(f => $"{f.Source}:{f.Path}");
        Assert.That(fields.Keys, Is.EqualTo(new[] { "Data:course", "Data:course.id", "Data:score", "Data:tags", "Context:user_id" }));
        Assert.That(fields["Data:course.id"].Examples, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(fields["Data:score"].Types, Is.EqualTo(EventFieldTypes.Number | EventFieldTypes.Integer));
        Assert.That(fields["Data:score"].Presence, Is.EqualTo(2.0 / 3).Within(1e-9));
        Assert.That(fields["Data:tags"].Types, Is.EqualTo(EventFieldTypes.Array));
        Assert.That(fields["Context:user_id"].Types, Is.EqualTo(EventFieldTypes.Integer | EventFieldTypes.String | EventFieldTypes.Null));
    }

    [Test]
    public async Task AFollowerReturnsOnlyNewEventsOnceEvenWhenStoredLate()
    {
        var reader = new ListEventReader();
        reader.Events.Add(new TrackingEvent(Guid.NewGuid(), "old", Start));
        var follower = new EventFollower(reader, EventFilter.All, TimeSpan.FromSeconds(5));
        await follower.StartAsync(null);
        Assert.That(await follower.PollAsync(), Is.Empty, "what was stored before is not news");

        var first = new TrackingEvent(Guid.NewGuid(), "new", Start.AddSeconds(3));
        reader.Events.Add(first);
        Assert.That((await follower.PollAsync()).Select(e => e.Id), Is.EqualTo(new[] { first.Id }));

        // Stored after `first` but emitted before it: within the lookback, so it still comes, once.
        var late = new TrackingEvent(Guid.NewGuid(), "late", Start.AddSeconds(2));
        reader.Events.Add(late);
        Assert.That((await follower.PollAsync()).Select(e => e.Id), Is.EqualTo(new[] { late.Id }));
        Assert.That(await follower.PollAsync(), Is.Empty);
        Assert.That(follower.Position, Is.EqualTo(EventCursor.At(first)));
    }
}
