using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace EventTracking.Tests.Mongo;

[TestFixture]
public sealed class MongoBackendTests
{
    private static readonly MongoBackendOptions NoDelay = new() { RetryDelay = TimeSpan.Zero };

    [Test]
    public async Task ABatchIsOneInsertOfEveryEvent()
    {
        var insert = new ScriptedInsert();
        var backend = new MongoBackend(NoDelay, insert.InsertAsync, logger: null);
        var batch = TestEvents.Small(5);

        await backend.SendBatchAsync(batch, CancellationToken.None);

        Assert.That(insert.Calls, Has.Count.EqualTo(1));
        Assert.That(insert.Calls[0], Is.EqualTo(batch.Select(e => e.Id)));
    }

    [Test]
    public async Task OnlyTheFailedDocumentsAreInsertedAgain()
    {
        var batch = TestEvents.Small(5);
        var insert = new ScriptedInsert()
            .Then(docs => MongoWriteOutcome.Classify(docs.Count, [new MongoWriteFailure(1, 91, "shutdown"), new MongoWriteFailure(3, 91, "shutdown"), Duplicate(4)], [], false))
            .Then(docs => MongoWriteOutcome.Classify(docs.Count, [new MongoWriteFailure(1, 91, "shutdown")], [], false));
        var logger = new FakeLogger();
        var backend = new MongoBackend(NoDelay, insert.InsertAsync, logger);

        await backend.SendBatchAsync(batch, CancellationToken.None);

        Assert.That(insert.Calls, Has.Count.EqualTo(3));
        Assert.That(insert.Calls[1], Is.EqualTo(new[] { batch[1].Id, batch[3].Id }));
        Assert.That(insert.Calls[2], Is.EqualTo(new[] { batch[3].Id }));
        Assert.That(logger.Collector.GetSnapshot().Count(r => r.Level == LogLevel.Warning), Is.EqualTo(2));
    }

    [Test]
    public async Task DuplicateIdsCountAsDeliveredSoARetriedBatchSucceeds()
    {
        var insert = new ScriptedInsert()
            .Then(docs => MongoWriteOutcome.Classify(docs.Count, Enumerable.Range(0, docs.Count).Select(Duplicate), [], false));
        var backend = new MongoBackend(NoDelay, insert.InsertAsync, logger: null);

        await backend.SendBatchAsync(TestEvents.Small(3), CancellationToken.None);

        Assert.That(insert.Calls, Has.Count.EqualTo(1));
    }

    [Test]
    public void DocumentsThatStillFailAfterTheLastAttemptFailTheBatchWithTheirCount()
    {
        var failing = new Func<IReadOnlyList<MongoDB.Bson.RawBsonDocument>, MongoWriteOutcome>(
            docs => MongoWriteOutcome.Classify(docs.Count, [new MongoWriteFailure(0, 121, "Document failed validation")], [], false));
        var insert = new ScriptedInsert().Then(failing).Then(failing).Then(failing).Then(failing);
        var backend = new MongoBackend(new MongoBackendOptions { RetryDelay = TimeSpan.Zero, MaxAttempts = 3 }, insert.InsertAsync, logger: null);

        var ex = Assert.ThrowsAsync<MongoBatchWriteException>(async () => await backend.SendBatchAsync(TestEvents.Small(4), CancellationToken.None));

        Assert.That(insert.Calls, Has.Count.EqualTo(3));
        Assert.That(ex!.FailedCount, Is.EqualTo(1));
        Assert.That(ex.Message, Does.Contain("1 of 4 events").And.Contain("after 3 attempts").And.Contain("code 121: Document failed validation"));
    }

    [Test]
    public async Task AnUnmappableEventIsSkippedLoggedAndCountedAndTheRestOfTheBatchIsStored()
    {
        var batch = TestEvents.Small(3).ToList();
        var bad = TestEvents.Create("bad.event", data: new { text = "a\ud800b" });
        batch.Insert(1, bad);
        var insert = new ScriptedInsert();
        var logger = new FakeLogger();
        var backend = new MongoBackend(NoDelay, insert.InsertAsync, logger);
        using var dropped = new DroppedCounter();

        await backend.SendBatchAsync(batch, CancellationToken.None);

        Assert.That(insert.Calls.Single(), Is.EqualTo(new[] { batch[0].Id, batch[2].Id, batch[3].Id }));
        Assert.That(dropped.Unmappable, Is.EqualTo(1));
        var record = logger.Collector.GetSnapshot().Single();
        Assert.That(record.Level, Is.EqualTo(LogLevel.Error));
        Assert.That(record.Message, Does.Contain("bad.event").And.Contain(bad.Id.ToString()));
        Assert.That(record.Exception, Is.TypeOf<EventMappingException>());
    }

    [Test]
    public async Task ABatchOfOnlyUnmappableEventsNeverReachesTheServer()
    {
        var insert = new ScriptedInsert();
        var backend = new MongoBackend(NoDelay, insert.InsertAsync, logger: null);

        await backend.SendBatchAsync([TestEvents.Create(data: new Dictionary<string, object?> { ["a\0"] = 1 })], CancellationToken.None);

        Assert.That(insert.Calls, Is.Empty);
    }

    [Test]
    public void AConnectionStringIsRequiredWithoutAClient()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new MongoBackend(new MongoBackendOptions()));
        Assert.That(ex!.Message, Does.Contain("ConnectionString"));
    }

    [TestCase("")]
    [TestCase("a$b")]
    [TestCase("system.events")]
    public void AnInvalidCollectionNameIsRejectedByName(string collection)
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new MongoBackend(new MongoBackendOptions { ConnectionString = "mongodb://127.0.0.1", Collection = collection }));
        Assert.That(ex!.Message, Does.Contain("Collection"));
    }

    [Test]
    public void OtherInvalidSettingsAreRejectedByName()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new MongoBackend(new MongoBackendOptions { ConnectionString = "mongodb://127.0.0.1", Database = "a.b" }), Throws.ArgumentException.With.Message.Contains("Database"));
            Assert.That(() => new MongoBackend(new MongoBackendOptions { ConnectionString = "mongodb://127.0.0.1", MaxAttempts = 0 }), Throws.ArgumentException.With.Message.Contains("MaxAttempts"));
            Assert.That(() => new MongoBackend(new MongoBackendOptions { ConnectionString = "mongodb://127.0.0.1", Ttl = TimeSpan.Zero }), Throws.ArgumentException.With.Message.Contains("Ttl"));
            Assert.That(() => new MongoBackend(new MongoBackendOptions { ConnectionString = "mongodb://127.0.0.1", WriteConcern = null! }), Throws.ArgumentException.With.Message.Contains("WriteConcern"));
        });
    }

    [Test]
    public void TheDefaultWriteConcernIsAcknowledged()
    {
        Assert.That(new MongoBackendOptions().WriteConcern, Is.EqualTo(MongoDB.Driver.WriteConcern.Acknowledged));
    }

    private static MongoWriteFailure Duplicate(int index) =>
        new(index, 11000, "E11000 duplicate key error collection: eventtracking.events index: _id_ dup key", new MongoDB.Bson.BsonDocument("keyPattern", new MongoDB.Bson.BsonDocument("_id", 1)));
}
