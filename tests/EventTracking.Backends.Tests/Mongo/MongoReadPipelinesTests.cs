using EventTracking.Reading;
using MongoDB.Bson;

namespace EventTracking.Tests.Mongo;

/// <summary>The aggregation pipelines the MongoDB reader sends, rendered as the driver renders them; no server is needed.</summary>
[TestFixture]
public sealed class MongoReadPipelinesTests
{
    private static readonly DateTimeOffset Now = TestEvents.Start.AddHours(2);

    [TestCase(TimeBucket.Minute, "minute")]
    [TestCase(TimeBucket.Hour, "hour")]
    [TestCase(TimeBucket.Day, "day")]
    public void CountsByNameGroupByTheUtcBucketAndTheName(TimeBucket bucket, string unit)
    {
        var query = new EventCountQuery { Filter = new EventFilter { Name = "page.view", From = TestEvents.Start }, Bucket = bucket };

        var stages = MongoRendering.Pipeline(MongoReadPipelines.CountByName(query, Now));

        Assert.That(stages, Is.EqualTo(new[]
        {
            BsonDocument.Parse("""
                { "$match": { "$and": [
                    { "name": "page.view" },
                    { "timestamp": { "$gte": ISODate("2026-11-23T12:00:00Z") } },
                    { "timestamp": { "$lt": ISODate("2026-11-23T14:00:00Z") } }
                ] } }
                """),
            BsonDocument.Parse($$"""
                { "$group": {
                    "_id": { "bucket": { "$dateTrunc": { "date": "$timestamp", "unit": "{{unit}}", "timezone": "UTC" } }, "name": "$name" },
                    "count": { "$sum": 1 }
                } }
                """),
        }), () => stages.ToJson());
    }

    [Test]
    public void AGivenEndIsKeptInsteadOfNow()
    {
        var query = new EventCountQuery { Filter = new EventFilter { From = TestEvents.Start, To = TestEvents.Start.AddMinutes(30) } };

        var match = MongoRendering.Pipeline(MongoReadPipelines.CountByName(query, Now))[0];

        Assert.That(match["$match"]["$and"][1]["timestamp"]["$lt"].ToUniversalTime(), Is.EqualTo(TestEvents.Start.AddMinutes(30).UtcDateTime));
    }

    [Test]
    public void DistinctUsersCountEachDaysUsersByTheirText()
    {
        var query = new DistinctUsersQuery { Filter = new EventFilter { NamePrefix = "edx." } };

        var stages = MongoRendering.Pipeline(MongoReadPipelines.DistinctUsers(query));

        Assert.That(stages, Is.EqualTo(new[]
        {
            BsonDocument.Parse("""{ "$match": { "name": { "$regularExpression": { "pattern": "^edx\\.", "options": "" } } } }"""),
            BsonDocument.Parse("""
                { "$project": {
                    "_id": 0,
                    "day": { "$dateTrunc": { "date": "$timestamp", "unit": "day", "timezone": "UTC" } },
                    "user": { "$switch": {
                        "branches": [
                            { "case": { "$in": [ { "$type": "$context.user_id" }, ["string", "int", "long", "double", "decimal", "bool"] ] }, "then": { "$toString": "$context.user_id" } },
                            { "case": { "$in": [ { "$type": "$context.user_id" }, ["binData", "date"] ] }, "then": "$context.user_id" }
                        ],
                        "default": null
                    } }
                } }
                """),
            BsonDocument.Parse("""{ "$match": { "user": { "$ne": null } } }"""),
            BsonDocument.Parse("""{ "$group": { "_id": { "day": "$day", "user": "$user" } } }"""),
            BsonDocument.Parse("""{ "$group": { "_id": "$_id.day", "users": { "$sum": 1 } } }"""),
            BsonDocument.Parse("""{ "$sort": { "_id": 1 } }"""),
        }), () => stages.ToJson());
    }

    [Test]
    public void AUserKeyWithADotIsReadWithGetField()
    {
        var project = MongoRendering.Pipeline(MongoReadPipelines.DistinctUsers(new DistinctUsersQuery { UserKey = "actor.id" }))[1];

        var value = project["$project"]["user"]["$switch"]["branches"][0]["then"]["$toString"];

        Assert.That(value, Is.EqualTo(BsonDocument.Parse("""{ "$getField": { "field": { "$literal": "actor.id" }, "input": "$context" } }""")));
    }

    [Test]
    public void TheCatalogGroupsByNameWithCountAndFirstAndLastTimestamp()
    {
        var query = new EventCatalogQuery { Filter = new EventFilter { Context = new Dictionary<string, string> { ["org"] = "edX" } } };

        var stages = MongoRendering.Pipeline(MongoReadPipelines.CatalogNames(query));

        Assert.That(stages, Is.EqualTo(new[]
        {
            BsonDocument.Parse("""{ "$match": { "context.org": { "$in": ["edX"], "$not": { "$type": "array" } } } }"""),
            BsonDocument.Parse("""
                { "$group": { "_id": "$name", "count": { "$sum": 1 }, "first": { "$min": "$timestamp" }, "last": { "$max": "$timestamp" } } }
                """),
        }), () => stages.ToJson());
    }
}
