using MongoDB.Bson;
using MongoDB.Driver;

namespace EventTracking.Tests.Mongo;

/// <summary>
/// Erasure from MongoDB. The filter is checked without a server; the deletion runs against the server named by
/// <c>EVENTTRACKING_MONGODB_URI</c>, in a database of its own that is dropped afterwards, and is reported as skipped
/// without the variable.
/// </summary>
public sealed class MongoErasureTests
{
    private const string UriVariable = "EVENTTRACKING_MONGODB_URI";
    private const string Secret = "a-test-secret-of-32-characters!!";

    [Test]
    public void TheFilterMatchesTheIdAsTextAndAsANumberAndItsHashInEveryField()
    {
        var erasure = new UserErasure("10938", new UserErasureOptions { Secrets = [Secret], Fields = ["context.user_id", "data.actor.id"] });

        var filter = MongoErasureFilter.Build(erasure);

        var values = new BsonArray { "10938", KeyedHash.Compute(Secret, "10938"), new BsonInt64(10938) };
        Assert.That(filter, Is.EqualTo(new BsonDocument("$or", new BsonArray
        {
            new BsonDocument("context.user_id", new BsonDocument("$in", values)),
            new BsonDocument("data.actor.id", new BsonDocument("$in", values)),
        })));
    }

    [Test]
    public void ANonIntegerIdIsMatchedAsTextOnly()
    {
        var filter = MongoErasureFilter.Build(new UserErasure("ada"));

        Assert.That(filter, Is.EqualTo(new BsonDocument("context.user_id", new BsonDocument("$in", new BsonArray { "ada" }))));
    }

    [Test]
    [Category("Integration")]
    public async Task OneUsersEventsAreRemovedFromMongoNoneOfAnyoneElsesAndTheCountMatches()
    {
        var uri = Environment.GetEnvironmentVariable(UriVariable);
        if (string.IsNullOrWhiteSpace(uri))
        {
            Assert.Ignore($"{UriVariable} is not set: MongoDB erasure needs a server, such as mongodb://localhost:27017.");
        }

        using var client = new MongoClient(uri);
        var database = "eventtracking_test_" + Guid.NewGuid().ToString("N");
        try
        {
            using var backend = new MongoBackend(new MongoBackendOptions { Database = database }, client);
            var events = Enumerable.Range(0, 10_000).Select(i => TestEvents.Create(context: new
            {
                user_id = (i % 100) switch
                {
                    7 => (object)10938L,
                    8 => "10938",
                    9 => KeyedHash.Compute(Secret, "10938"),
                    var other => 20_000 + other,
                },
            })).ToArray();
            await backend.SendBatchAsync(events, CancellationToken.None);
            var collection = client.GetDatabase(database).GetCollection<BsonDocument>("events");

            var removed = await backend.EraseUserAsync(new UserErasure("10938", new UserErasureOptions { Secrets = [Secret] }));

            Assert.That(removed, Is.EqualTo(300));
            Assert.That(await collection.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty), Is.EqualTo(10_000 - 300));
            var remaining = await collection.Distinct<BsonValue>("context.user_id", FilterDefinition<BsonDocument>.Empty).ToListAsync();
            Assert.That(remaining.Select(v => v.ToString()), Is.EquivalentTo(Enumerable.Range(0, 100).Where(i => i is < 7 or > 9).Select(i => (20_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }
        finally
        {
            await client.DropDatabaseAsync(database);
        }
    }
}
