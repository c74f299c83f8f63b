using System.Text.RegularExpressions;
using EventTracking.Reading;
using MongoDB.Bson;

namespace EventTracking.Tests.Mongo;

/// <summary>The query documents the MongoDB reader sends, rendered as the driver renders them; no server is needed.</summary>
[TestFixture]
public sealed class MongoReadFilterTests
{
    private static readonly Guid Id = Guid.Parse("01938a6e-0000-7000-8000-00000000abcd");

    [Test]
    public void AnEmptyFilterIsAnEmptyDocument()
    {
        Assert.That(MongoRendering.Filter(MongoReadFilter.Build(EventFilter.All)), Is.EqualTo(new BsonDocument()));
    }

    [Test]
    public void EveryConditionIsJoinedWithAnd()
    {
        var filter = new EventFilter
        {
            Name = "page.view",
            NamePrefix = "page.",
            From = TestEvents.Start,
            To = TestEvents.Start.AddHours(1),
            Context = new Dictionary<string, string> { ["user_id"] = "42" },
        };

        var rendered = MongoRendering.Filter(MongoReadFilter.Build(filter));

        Assert.That(rendered, Is.EqualTo(BsonDocument.Parse("""
            { "$and": [
                { "name": "page.view" },
                { "name": { "$regularExpression": { "pattern": "^page\\.", "options": "" } } },
                { "timestamp": { "$gte": ISODate("2026-11-23T12:00:00Z") } },
                { "timestamp": { "$lt": ISODate("2026-11-23T13:00:00Z") } },
                { "context.user_id": { "$in": ["42", NumberLong(42)], "$not": { "$type": "array" } } }
            ] }
            """)), () => rendered.ToJson());
    }

    [Test]
    public void BoundsFinerThanAMillisecondRoundUpSoTheyAgreeWithMatchesOnStoredMilliseconds()
    {
        var from = TestEvents.Start.AddTicks(5_000);
        var to = TestEvents.Start.AddMilliseconds(7).ToOffset(TimeSpan.FromHours(-5));

        var rendered = MongoRendering.Filter(MongoReadFilter.Build(new EventFilter { From = from, To = to }));

        Assert.That(rendered["$and"][0]["timestamp"]["$gte"].ToUniversalTime(), Is.EqualTo(TestEvents.Start.AddMilliseconds(1).UtcDateTime));
        Assert.That(rendered["$and"][1]["timestamp"]["$lt"].ToUniversalTime(), Is.EqualTo(TestEvents.Start.AddMilliseconds(7).UtcDateTime));
        var stored = new[] { 0, 1, 6, 7 }.Select(ms => TestEvents.Create(timestamp: TestEvents.Start.AddMilliseconds(ms)));
        Assert.That(stored.Where(new EventFilter { From = from, To = to }.Matches).Select(e => e.Timestamp.Millisecond), Is.EqualTo(new[] { 1, 6 }));
    }

    [Test]
    public void ACountWithoutAnEndStopsAtNow()
    {
        var now = TestEvents.Start.AddDays(1);

        var rendered = MongoRendering.Filter(MongoReadFilter.Build(new EventFilter { From = TestEvents.Start }, to: now));

        Assert.That(rendered["$and"][1], Is.EqualTo(BsonDocument.Parse("""{ "timestamp": { "$lt": ISODate("2026-11-24T12:00:00Z") } }""")));
    }

    [TestCase(EventOrder.NewestFirst, "$lte", "$lt")]
    [TestCase(EventOrder.OldestFirst, "$gte", "$gt")]
    public void ACursorOnAMillisecondBreaksTiesById(EventOrder order, string bound, string strict)
    {
        var cursor = new EventCursor(TestEvents.Start.AddMilliseconds(5), Id);

        var rendered = MongoRendering.Filter(MongoReadFilter.Build(new EventFilter { Name = "x" }, after: cursor, order: order));

        Assert.That(rendered, Is.EqualTo(BsonDocument.Parse($$"""
            { "$and": [
                { "name": "x" },
                { "timestamp": { "{{bound}}": ISODate("2026-11-23T12:00:00.005Z") } },
                { "$or": [
                    { "timestamp": { "{{strict}}": ISODate("2026-11-23T12:00:00.005Z") } },
                    { "_id": { "{{strict}}": UUID("{{Id}}") } }
                ] }
            ] }
            """)), () => rendered.ToJson());
    }

    [TestCase(EventOrder.NewestFirst, "$lt")]
    [TestCase(EventOrder.OldestFirst, "$gte")]
    public void ACursorBetweenMillisecondsNeedsNoTieBreak(EventOrder order, string op)
    {
        var cursor = new EventCursor(TestEvents.Start.AddTicks(12_340), Id);

        var rendered = MongoRendering.Filter(MongoReadFilter.Build(EventFilter.All, after: cursor, order: order));

        Assert.That(rendered, Is.EqualTo(BsonDocument.Parse($$"""{ "timestamp": { "{{op}}": ISODate("2026-11-23T12:00:00.002Z") } }""")), () => rendered.ToJson());
    }

    [Test]
    public void TheSortIsTimestampThenIdInTheDirectionOfTheOrder()
    {
        Assert.That(MongoRendering.Sort(MongoReadFilter.Sort(EventOrder.NewestFirst)), Is.EqualTo(BsonDocument.Parse("{ timestamp: -1, _id: -1 }")));
        Assert.That(MongoRendering.Sort(MongoReadFilter.Sort(EventOrder.OldestFirst)), Is.EqualTo(BsonDocument.Parse("{ timestamp: 1, _id: 1 }")));
    }

    [Test]
    public void IdsSortAsTheirLowercaseTextAsTheCursorDoes()
    {
        // MongoDB compares binary values of one length and subtype byte by byte.
        var ids = Enumerable.Range(0, 200).Select(_ => Guid.NewGuid()).ToList();

        var byBytes = ids.OrderBy(id => MongoReadFilter.Id(id).Bytes, Comparer<byte[]>.Create(static (a, b) => a.AsSpan().SequenceCompareTo(b)));

        Assert.That(byBytes, Is.EqualTo(ids.OrderBy(id => new EventCursor(TestEvents.Start, id))));
    }

    [TestCase("a*b.x", @"^a\*b\.x")]
    [TestCase("a?c", @"^a\?c")]
    [TestCase("(x)[y]{z}|^$+\\ ", @"^\(x\)\[y\]\{z\}\|\^\$\+\\\ ")]
    [TestCase("édx.", @"^édx\.")]
    [TestCase("a\tb\0", @"^a\x{9}b\x{0}")]
    public void ANamePrefixIsAnAnchoredPatternWithEveryCharacterLiteral(string prefix, string pattern)
    {
        Assert.That(MongoReadFilter.PrefixPattern(prefix), Is.EqualTo(pattern));
    }

    [TestCase("a*b.x")]
    [TestCase("(x)[y]{z}|^$+\\ #")]
    public void APrefixPatternMatchesExactlyTheNamesThatStartWithThePrefix(string prefix)
    {
        var regex = new Regex(MongoReadFilter.PrefixPattern(prefix), RegexOptions.CultureInvariant);
        string[] names = [prefix, prefix + "tail", "x" + prefix, prefix[..^1], prefix.ToUpperInvariant() + "q", "aXb.x", "a*bXx"];

        Assert.That(names.Where(n => regex.IsMatch(n)), Is.EqualTo(names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal))));
    }

    [TestCase("42", "42", 42L)]
    [TestCase("-7", "-7", -7L)]
    [TestCase("4.5", "4.5", 4.5)]
    [TestCase("abc", "abc")]
    [TestCase("042", "042")]
    public void AContextValueMatchesItsTextAndTheNumberWithThatText(string value, params object[] expected)
    {
        Assert.That(MongoReadFilter.Candidates(value), Is.EqualTo(new BsonArray(expected)));
    }

    [Test]
    public void BooleansDecimalsAndUuidsMatchTheirText()
    {
        Assert.That(MongoReadFilter.Candidates("true"), Is.EqualTo(new BsonArray { "true", true }));
        Assert.That(MongoReadFilter.Candidates("4.50"), Is.EqualTo(new BsonArray { "4.50", new BsonDecimal128(4.50m) }));
        Assert.That(MongoReadFilter.Candidates(Id.ToString()), Is.EqualTo(new BsonArray { Id.ToString(), MongoReadFilter.Id(Id) }));
        Assert.That(MongoReadFilter.Candidates(Id.ToString().ToUpperInvariant()), Has.Count.EqualTo(1), "a Guid's text is lowercase");
    }

    private static readonly object?[] StoredValues =
    [
        42, 42L, 42.0, 4.5, 4.5f, -7, 0L, 1e20, true, false, "42", "4.5", "true", "abc", "", null, Id, 10938L, 42m, 4.5m,
        new List<object?> { "42" }, new Dictionary<string, object?> { ["v"] = "42" },
    ];

    [Test]
    public void TheCandidatesMatchTheStoredValuesThatMatchesAccepts()
    {
        // BsonValue.CompareTo orders numbers by value across types and other values by type first, as the server does.
        // (A value with trailing zeros, "42.0", is left out: it matches a decimal by value, as docs/storage.md says.)
        string[] filterValues = ["42", "4.5", "-7", "0", "1E+20", "true", "false", "abc", "", Id.ToString(), "10938", "null"];
        foreach (var expected in filterValues)
        {
            var candidates = MongoReadFilter.Candidates(expected);
            foreach (var stored in StoredValues)
            {
                var evt = TestEvents.Create(context: new Dictionary<string, object?> { ["k"] = stored });
                var mapped = BsonEventMapper.ToBsonDocument(evt)["context"]["k"];
                var found = mapped is not BsonArray && candidates.Any(c => c.CompareTo(mapped) == 0);
                Assert.That(found, Is.EqualTo(new EventFilter { Context = new Dictionary<string, string> { ["k"] = expected } }.Matches(evt)), $"'{expected}' against {stored ?? "null"}");
            }
        }
    }

    [Test]
    public void AContextKeyThatAPathWouldMisreadIsLookedUpWithGetField()
    {
        var filter = new EventFilter { Context = new Dictionary<string, string> { ["course.id"] = "cs101", ["$weird"] = "1" } };

        var rendered = MongoRendering.Filter(MongoReadFilter.Build(filter));

        Assert.That(rendered, Is.EqualTo(BsonDocument.Parse("""
            { "$and": [
                { "$expr": { "$in": [ { "$getField": { "field": { "$literal": "course.id" }, "input": "$context" } }, { "$literal": ["cs101"] } ] } },
                { "$expr": { "$in": [ { "$getField": { "field": { "$literal": "$weird" }, "input": "$context" } }, { "$literal": ["1", NumberLong(1)] } ] } }
            ] }
            """)), () => rendered.ToJson());
    }

    [Test]
    public void FiltersWithNulsStillSerializeToBson()
    {
        var filter = new EventFilter { NamePrefix = "a\0", Context = new Dictionary<string, string> { ["k\0"] = "v\0" } };

        var wire = MongoRendering.OverTheWire(MongoReadFilter.Build(filter));

        Assert.That(wire["$and"][0]["name"].AsBsonRegularExpression.Pattern, Is.EqualTo(@"^a\x{0}"));
        Assert.That(wire["$and"][1]["$expr"]["$in"][0]["$getField"]["field"]["$literal"].AsString, Is.EqualTo("k\0"));
    }
}
