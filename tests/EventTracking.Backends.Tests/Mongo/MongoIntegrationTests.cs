using MongoDB.Bson;
using MongoDB.Driver;

namespace EventTracking.Tests.Mongo;

/// <summary>
/// Runs against a real MongoDB server named by <c>EVENTTRACKING_MONGODB_URI</c>, each test in a database of its own
/// that is dropped afterwards. Without the variable every test is reported as skipped.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class MongoIntegrationTests
{
    private const string UriVariable = "EVENTTRACKING_MONGODB_URI";

    private MongoClient _client = null!;
    private string _database = null!;

    [SetUp]
    public void Connect()
    {
        var uri = Environment.GetEnvironmentVariable(UriVariable);
        if (string.IsNullOrWhiteSpace(uri))
        {
            Assert.Ignore($"{UriVariable} is not set: MongoDB integration tests need a server, such as mongodb://localhost:27017.");
        }

        _client = new MongoClient(uri);
        _database = "eventtracking_test_" + Guid.NewGuid().ToString("N");
    }

    [TearDown]
    public void DropDatabase()
    {
        if (_client is not null)
        {
            _client.DropDatabase(_database);
            _client.Dispose();
        }
    }

    [Test]
    public async Task ABatchIsStoredAndReadsBackAsTheSameEvents()
    {
        using var backend = Backend();
        var batch = TestEvents.Small(3);

        await backend.SendBatchAsync(batch, CancellationToken.None);

        var stored = (await Collection().Find(FilterDefinition<BsonDocument>.Empty).ToListAsync())
            .Select(BsonEventMapper.FromBsonDocument).OrderBy(e => e.Timestamp).ThenBy(e => e.Data["n"]).ToList();
        Assert.That(stored.Select(e => e.Id), Is.EqualTo(batch.Select(e => e.Id)));
        Assert.That(stored[2].Data["url"], Is.EqualTo("http://www.edx.org/some/path/1"));
        Assert.That(stored[0].Context["user_id"], Is.EqualTo(10938L));
    }

    [Test]
    public async Task SendingABatchAgainStoresNothingTwice()
    {
        using var backend = Backend();
        var batch = TestEvents.Small(10);

        await backend.SendBatchAsync(batch, CancellationToken.None);
        await backend.SendBatchAsync([.. batch, .. TestEvents.Small(2)], CancellationToken.None);
        backend.Send(batch[0]);

        Assert.That(await Collection().CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty), Is.EqualTo(12));
    }

    [Test]
    public async Task AnUnmappableEventDoesNotKeepTheRestOfItsBatchOut()
    {
        using var backend = Backend();
        var batch = new[] { TestEvents.Create("good"), TestEvents.Create("bad", data: new { text = "\udc00" }), TestEvents.Create("good") };

        await backend.SendBatchAsync(batch, CancellationToken.None);

        Assert.That(await Collection().CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty), Is.EqualTo(2));
    }

    [Test]
    public async Task TheIndexesAreCreatedOnFirstUseWithTheTtl()
    {
        using var backend = Backend(o => o.Ttl = TimeSpan.FromDays(30));

        await backend.SendBatchAsync(TestEvents.Small(1), CancellationToken.None);

        var indexes = await (await Collection().Indexes.ListAsync()).ToListAsync();
        var timestamp = indexes.Single(i => i["name"] == "timestamp_-1");
        Assert.That(timestamp["key"], Is.EqualTo(new BsonDocument("timestamp", -1)));
        Assert.That(timestamp["expireAfterSeconds"].ToInt64(), Is.EqualTo((long)TimeSpan.FromDays(30).TotalSeconds));
        Assert.That(indexes.Single(i => i["name"] == "name_1")["key"], Is.EqualTo(new BsonDocument("name", 1)));
    }

    [Test]
    public async Task ATimeSeriesCollectionIsCreatedWhenAsked()
    {
        using var backend = Backend(o => o.TimeSeries = true);

        await backend.SendBatchAsync(TestEvents.Small(5), CancellationToken.None);

        var info = await (await _client.GetDatabase(_database).ListCollectionsAsync(new ListCollectionsOptions { Filter = new BsonDocument("name", "events") })).SingleAsync();
        Assert.That(info["type"].AsString, Is.EqualTo("timeseries"));
        Assert.That(info["options"]["timeseries"]["timeField"].AsString, Is.EqualTo("timestamp"));
        Assert.That(await Collection().CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty), Is.EqualTo(5));
    }

    [Test]
    public void SendStoresOneEventSynchronously()
    {
        using var backend = Backend();
        var evt = TestEvents.Create("one", data: new { amount = 1.25m, id = Guid.NewGuid() });

        backend.Send(evt);

        var stored = BsonEventMapper.FromBsonDocument(Collection().Find(FilterDefinition<BsonDocument>.Empty).Single());
        Assert.That(stored.Id, Is.EqualTo(evt.Id));
        Assert.That(stored.Data["amount"], Is.EqualTo(1.25m));
        Assert.That(stored.Data["id"], Is.EqualTo(evt.Data["id"]));
    }

    private MongoBackend Backend(Action<MongoBackendOptions>? configure = null)
    {
        var options = new MongoBackendOptions { Database = _database, WriteConcern = WriteConcern.WMajority };
        configure?.Invoke(options);
        return new MongoBackend(options, _client);
    }

    private IMongoCollection<BsonDocument> Collection() => _client.GetDatabase(_database).GetCollection<BsonDocument>("events");
}
