using MongoDB.Bson;

namespace EventTracking;

/// <summary>Inserts documents unordered and says which of them must be sent again; the seam between the retry loop and the driver.</summary>
/// <param name="documents">The documents.</param>
/// <param name="cancellationToken">Stops waiting for the server.</param>
internal delegate Task<MongoWriteOutcome> InsertDocuments(IReadOnlyList<RawBsonDocument> documents, CancellationToken cancellationToken);
