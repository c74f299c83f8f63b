using MongoDB.Bson;
using MongoDB.Driver;

namespace EventTracking;

/// <summary>What <see cref="MongoBackend"/> creates on first use: the collection (only for time series) and the indexes.</summary>
internal static class MongoIndexPlan
{
    public const string TimestampIndexName = "timestamp_-1";
    public const string NameIndexName = "name_1";
    public const string OrderIndexName = "timestamp_-1__id_-1";

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

    /// <summary>
    /// The indexes, as edX had them: <c>timestamp</c> descending (carrying the TTL of a regular collection) and
    /// <c>name</c>; on a regular collection also (<c>timestamp</c>, <c>_id</c>) descending, the order
    /// <see cref="MongoEventReader"/> pages in (a TTL index cannot be compound, so it is a third index).
    /// </summary>
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

        var indexes = new List<CreateIndexModel<RawBsonDocument>>
        {
            new(new BsonDocumentIndexKeysDefinition<RawBsonDocument>(new BsonDocument("timestamp", -1)), timestamp),
            new(new BsonDocumentIndexKeysDefinition<RawBsonDocument>(new BsonDocument("name", 1)), new CreateIndexOptions { Name = NameIndexName }),
        };
        if (!options.TimeSeries)
        {
            var order = new BsonDocument { { "timestamp", -1 }, { "_id", -1 } };
            indexes.Add(new(new BsonDocumentIndexKeysDefinition<RawBsonDocument>(order), new CreateIndexOptions { Name = OrderIndexName }));
        }

        return indexes;
    }
}
