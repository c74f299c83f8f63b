using MongoDB.Bson;
using MongoDB.Driver;

namespace EventTracking;

/// <summary>Erasure for <see cref="MongoBackend"/>.</summary>
public sealed partial class MongoBackend : IErasableStore
{
    /// <summary>
    /// Deletes, with one acknowledged <c>deleteMany</c>, every document whose erasure fields hold the user's id (as
    /// text, or as a number when the id is an integer) or one of its keyed hashes.
    /// </summary>
    /// <param name="erasure">Whose events, and where the id is stored.</param>
    /// <param name="cancellationToken">Stops waiting for the server.</param>
    /// <returns>How many events were deleted.</returns>
    /// <exception cref="MongoException">The server could not be reached or refused the delete.</exception>
    /// <exception cref="InvalidOperationException">The backend was built without a collection (tests only).</exception>
    public async ValueTask<long> EraseUserAsync(UserErasure erasure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(erasure);
        var collection = _collection ?? throw new InvalidOperationException("This backend was built for tests without a collection.");

        // An unacknowledged write concern (w:0) cannot report a count, and an erasure must be known to have happened.
        if (!_options.WriteConcern.IsAcknowledged)
        {
            collection = collection.WithWriteConcern(WriteConcern.Acknowledged);
        }

        var filter = new BsonDocumentFilterDefinition<RawBsonDocument>(MongoErasureFilter.Build(erasure));
        var result = await collection.DeleteManyAsync(filter, cancellationToken).ConfigureAwait(false);
        return result.DeletedCount;
    }
}
