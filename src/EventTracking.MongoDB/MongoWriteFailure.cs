using MongoDB.Bson;

namespace EventTracking;

/// <summary>One document the server refused in an insert: its index in the request, the server's code and message.</summary>
/// <param name="Index">The position of the document in the list that was inserted.</param>
/// <param name="Code">The server's error code; 11000 is a duplicate key.</param>
/// <param name="Message">The server's message.</param>
/// <param name="Details">The server's details, such as <c>keyPattern</c> for a duplicate key; may be null.</param>
internal sealed record MongoWriteFailure(int Index, int Code, string Message, BsonDocument? Details = null)
{
    private const int DuplicateKey = 11000;
    private const int DuplicateKeyLegacy = 11001;

    /// <summary>Whether the document was refused because a document with its <c>_id</c> is already stored.</summary>
    public bool IsDuplicateId
    {
        get
        {
            if (Code is not (DuplicateKey or DuplicateKeyLegacy))
            {
                return false;
            }

            // Servers since 4.2 say which index clashed; older ones only say it in the message.
            if (Details is not null && Details.TryGetValue("keyPattern", out var pattern) && pattern.IsBsonDocument)
            {
                return pattern.AsBsonDocument.ElementCount == 1 && pattern.AsBsonDocument.Contains("_id");
            }

            return Message.Contains("index: _id_ ", StringComparison.Ordinal) || Message.Contains("dup key: { _id:", StringComparison.Ordinal);
        }
    }
}
