using EventTracking.Reading;
using MongoDB.Bson;

namespace EventTracking;

/// <summary>The aggregation pipelines of <see cref="MongoEventReader"/>: counts by name per bucket, distinct users per day, the catalog.</summary>
/// <remarks>
/// Buckets are cut with <c>$dateTrunc</c> in UTC (MongoDB 5.0). The stages leave ordering by name to the reader, which
/// sorts ordinally as the other stores do (MongoDB compares strings by UTF-8 bytes).
/// </remarks>
internal static class MongoReadPipelines
{
    /// <summary><c>$match</c>, then one group per (bucket start, name) with its count.</summary>
    /// <param name="query">The query, already validated.</param>
    /// <param name="now">What a missing <see cref="EventFilter.To"/> stands for.</param>
    public static BsonDocument[] CountByName(EventCountQuery query, DateTimeOffset now) =>
    [
        new("$match", MongoReadFilter.Build(query.Filter, to: now)),
        new("$group", new BsonDocument
        {
            { "_id", new BsonDocument { { "bucket", Truncate(query.Bucket) }, { "name", "$name" } } },
            { "count", new BsonDocument("$sum", 1) },
        }),
    ];

    /// <summary><c>$match</c>, the user of each event, one group per (day, user), then the users of each day, oldest day first.</summary>
    /// <param name="query">The query, already validated.</param>
    public static BsonDocument[] DistinctUsers(DistinctUsersQuery query) =>
    [
        new("$match", MongoReadFilter.Build(query.Filter)),
        new("$project", new BsonDocument { { "_id", 0 }, { "day", Truncate(TimeBucket.Day) }, { "user", MongoReadFilter.UserOf(query.UserKey) } }),
        new("$match", new BsonDocument("user", new BsonDocument("$ne", BsonNull.Value))),
        new("$group", new BsonDocument("_id", new BsonDocument { { "day", "$day" }, { "user", "$user" } })),
        new("$group", new BsonDocument { { "_id", "$_id.day" }, { "users", new BsonDocument("$sum", 1) } }),
        new("$sort", new BsonDocument("_id", 1)),
    ];

    /// <summary><c>$match</c>, then one group per name with its count and its oldest and newest timestamps.</summary>
    /// <param name="query">The query, already validated.</param>
    public static BsonDocument[] CatalogNames(EventCatalogQuery query) =>
    [
        new("$match", MongoReadFilter.Build(query.Filter)),
        new("$group", new BsonDocument
        {
            { "_id", "$name" },
            { "count", new BsonDocument("$sum", 1) },
            { "first", new BsonDocument("$min", "$timestamp") },
            { "last", new BsonDocument("$max", "$timestamp") },
        }),
    ];

    private static BsonDocument Truncate(TimeBucket bucket) => new("$dateTrunc", new BsonDocument
    {
        { "date", "$timestamp" },
        {
            "unit", bucket switch
            {
                TimeBucket.Minute => "minute",
                TimeBucket.Hour => "hour",
                TimeBucket.Day => "day",
                _ => throw new ArgumentOutOfRangeException(nameof(bucket), bucket, $"TimeBucket has no value {(int)bucket}."),
            }
        },
        { "timezone", "UTC" },
    });
}
