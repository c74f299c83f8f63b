using MongoDB.Bson;

namespace EventTracking.Tests.Mongo;

[TestFixture]
public sealed class MongoWriteOutcomeTests
{
    private static readonly BsonDocument IdKey = new("keyPattern", new BsonDocument("_id", 1));

    [Test]
    public void ADuplicateIdCountsAsAlreadyStored()
    {
        var outcome = MongoWriteOutcome.Classify(3, [Duplicate(1)], [], writeConcernFailed: false);

        Assert.That(outcome.Retry, Is.Empty);
        Assert.That(outcome.AlreadyStored, Is.EqualTo(1));
    }

    [Test]
    public void ADuplicateIdIsRecognisedFromTheMessageOfOlderServers()
    {
        var error = new MongoWriteFailure(0, 11000, "E11000 duplicate key error collection: eventtracking.events index: _id_ dup key: { _id: UUID(\"…\") }");

        Assert.That(error.IsDuplicateId, Is.True);
    }

    [Test]
    public void ADuplicateOnAnotherUniqueIndexIsAFailure()
    {
        var error = new MongoWriteFailure(0, 11000, "E11000 duplicate key error index: name_unique", new BsonDocument("keyPattern", new BsonDocument("name", 1)));

        var outcome = MongoWriteOutcome.Classify(1, [error], [], writeConcernFailed: false);

        Assert.That(outcome.Retry, Is.EqualTo(new[] { 0 }));
        Assert.That(outcome.AlreadyStored, Is.Zero);
    }

    [Test]
    public void OnlyTheFailedDocumentsAreRetriedInOrder()
    {
        var outcome = MongoWriteOutcome.Classify(
            6,
            [new MongoWriteFailure(4, 121, "Document failed validation"), Duplicate(2), new MongoWriteFailure(1, 91, "shutdown in progress")],
            [],
            writeConcernFailed: false);

        Assert.That(outcome.Retry, Is.EqualTo(new[] { 1, 4 }));
        Assert.That(outcome.AlreadyStored, Is.EqualTo(1));
        Assert.That(outcome.Failures.Select(f => f.Code), Is.EquivalentTo(new[] { 121, 91 }));
    }

    [Test]
    public void DocumentsTheDriverNeverSentAreRetried()
    {
        var outcome = MongoWriteOutcome.Classify(5, [new MongoWriteFailure(0, 2, "bad")], [3, 4], writeConcernFailed: false);

        Assert.That(outcome.Retry, Is.EqualTo(new[] { 0, 3, 4 }));
    }

    [Test]
    public void AWriteConcernErrorRetriesEveryDocumentThatIsNotADuplicate()
    {
        var outcome = MongoWriteOutcome.Classify(4, [Duplicate(0)], [], writeConcernFailed: true);

        Assert.That(outcome.Retry, Is.EqualTo(new[] { 1, 2, 3 }));
    }

    [Test]
    public void ErrorsForPositionsOutsideTheBatchAreIgnored()
    {
        var outcome = MongoWriteOutcome.Classify(2, [new MongoWriteFailure(7, 2, "?"), new MongoWriteFailure(-1, 2, "?")], [9], writeConcernFailed: false);

        Assert.That(outcome.Retry, Is.Empty);
    }

    private static MongoWriteFailure Duplicate(int index) =>
        new(index, 11000, "E11000 duplicate key error collection: eventtracking.events index: _id_ dup key", IdKey);
}
