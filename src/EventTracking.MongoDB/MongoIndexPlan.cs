using MongoDB.Bson;
using MongoDB.Driver;

namespace EventTracking;

/// <summary>What <see cref="MongoBackend"/> creates on first use: the collection (only for time series) and the indexes.</summary>
internal static class MongoIndexPlan
{
    public const string TimestampIndexName = "timestamp_-1";
    public const string NameIndexName = "name_1";

    /// <summary>The options to create the collection with, or <see langword="null"/> when inserting creates it well enough.</summary>
    public static CreateCollectionOptions? CollectionOptions(MongoBackendOptions options)
    {
        if (!options.TimeSeries)
        {
            return null;
        }

        return new CreateCollectionOptions
        {
            TimeSeriesOptions = new TimeSeriesOptions("timestamp", "name", options.TimeSeriesGranularity),
            ExpireAfter = options.Ttl,
        };
    }

    /// <summary>The indexes, as edX had them: <c>timestamp</c> descending (carrying the TTL of a regular collection) and <c>name</c>.</summary>
    public static IReadOnlyList<CreateIndexModel<RawBsonDocument>> Indexes(MongoBackendOptions options)
    {
        if (!options.CreateIndexes)
        {
            return [];
        }

        var timestamp = new CreateIndexOptions { Name = TimestampIndexName };
        if (options.Ttl is { } ttl && !options.TimeSeries)
        {
            timestamp.ExpireAfter = ttl;
        }

        return
        [
            new CreateIndexModel<RawBsonDocument>(new BsonDocumentIndexKeysDefinition<RawBsonDocument>(new BsonDocument("timestamp", -1)), timestamp),
            new CreateIndexModel<RawBsonDocument>(new BsonDocumentIndexKeysDefinition<RawBsonDocument>(new BsonDocument("name", 1)), new CreateIndexOptions { Name = NameIndexName }),
        ];
    }
}
