using MongoDB.Bson;

namespace EventTracking.Tests.Mongo;

/// <summary>
/// Stands in for the driver's unordered insert at the backend's seam: records what it is given and answers with the
/// outcomes it was scripted with (then with success). It models no server, only what the driver reports.
/// </summary>
internal sealed class ScriptedInsert
{
    private readonly Queue<Func<IReadOnlyList<RawBsonDocument>, MongoWriteOutcome>> _answers = new();

    public List<List<Guid>> Calls { get; } = [];

    public ScriptedInsert Then(Func<IReadOnlyList<RawBsonDocument>, MongoWriteOutcome> answer)
    {
        _answers.Enqueue(answer);
        return this;
    }

    public Task<MongoWriteOutcome> InsertAsync(IReadOnlyList<RawBsonDocument> documents, CancellationToken cancellationToken)
    {
        Calls.Add(documents.Select(d => d["_id"].AsBsonBinaryData.ToGuid(GuidRepresentation.Standard)).ToList());
        return Task.FromResult(_answers.TryDequeue(out var answer) ? answer(documents) : MongoWriteOutcome.Success);
    }
}
