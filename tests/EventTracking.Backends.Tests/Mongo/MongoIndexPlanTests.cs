using MongoDB.Bson;
using MongoDB.Driver;

namespace EventTracking.Tests.Mongo;

[TestFixture]
public sealed class MongoIndexPlanTests
{
    [Test]
    public void TheIndexesAreTimestampDescendingAndNameAsEdxHadThemAndTheReadersOrder()
    {
        var indexes = MongoIndexPlan.Indexes(new MongoBackendOptions());

        Assert.That(indexes.Select(Keys), Is.EqualTo(new[]
        {
            new BsonDocument("timestamp", -1), new BsonDocument("name", 1), new BsonDocument { { "timestamp", -1 }, { "_id", -1 } },
        }));
        Assert.That(indexes.Select(i => i.Options.Name), Is.EqualTo(new[] { "timestamp_-1", "name_1", "timestamp_-1__id_-1" }));
        Assert.That(indexes.Select(i => i.Options.ExpireAfter), Is.All.Null);
    }

    [Test]
    public void ATtlGoesOnTheTimestampIndexOfARegularCollection()
    {
        var indexes = MongoIndexPlan.Indexes(new MongoBackendOptions { Ttl = TimeSpan.FromDays(30) });

        Assert.That(indexes[0].Options.ExpireAfter, Is.EqualTo(TimeSpan.FromDays(30)));
        Assert.That(indexes[1].Options.ExpireAfter, Is.Null);
        Assert.That(indexes[2].Options.ExpireAfter, Is.Null, "a TTL index cannot be compound");
    }

    [Test]
    public void NoIndexesAreCreatedWhenTurnedOff()
    {
        Assert.That(MongoIndexPlan.Indexes(new MongoBackendOptions { CreateIndexes = false, Ttl = TimeSpan.FromDays(1) }), Is.Empty);
    }

    [Test]
    public void ARegularCollectionIsLeftToBeCreatedByTheFirstInsert()
    {
        Assert.That(MongoIndexPlan.CollectionOptions(new MongoBackendOptions { Ttl = TimeSpan.FromDays(1) }), Is.Null);
    }

    [Test]
    public void ATimeSeriesCollectionIsKeyedOnTimestampAndNameAndCarriesTheTtl()
    {
        var options = new MongoBackendOptions { TimeSeries = true, TimeSeriesGranularity = TimeSeriesGranularity.Minutes, Ttl = TimeSpan.FromDays(7) };

        var collection = MongoIndexPlan.CollectionOptions(options)!;
        var indexes = MongoIndexPlan.Indexes(options);

        Assert.Multiple(() =>
        {
            Assert.That(collection.TimeSeriesOptions.TimeField, Is.EqualTo("timestamp"));
            Assert.That(collection.TimeSeriesOptions.MetaField, Is.EqualTo("name"));
            Assert.That(collection.TimeSeriesOptions.Granularity, Is.EqualTo(TimeSeriesGranularity.Minutes));
            Assert.That(collection.ExpireAfter, Is.EqualTo(TimeSpan.FromDays(7)));
            Assert.That(indexes.Select(i => i.Options.ExpireAfter), Is.All.Null, "time series expire through the collection, not a TTL index");
            Assert.That(indexes.Select(i => i.Options.Name), Is.EqualTo(new[] { "timestamp_-1", "name_1" }), "a time series has no (timestamp, _id) index");
        });
    }

    private static BsonDocument Keys(CreateIndexModel<RawBsonDocument> model) =>
        ((BsonDocumentIndexKeysDefinition<RawBsonDocument>)model.Keys).Document;
}
