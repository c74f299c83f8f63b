namespace EventTracking;

/// <summary>What a partially failed insert means for each document: stored, already stored, or to be sent again.</summary>
/// <param name="Retry">The positions, in the inserted list, of the documents to insert again, ascending.</param>
/// <param name="AlreadyStored">How many documents were refused only because their <c>_id</c> is already stored (delivered by an earlier attempt).</param>
/// <param name="Failures">The server's errors for the documents to insert again.</param>
internal sealed record MongoWriteOutcome(IReadOnlyList<int> Retry, int AlreadyStored, IReadOnlyList<MongoWriteFailure> Failures)
{
    /// <summary>Every document was stored.</summary>
    public static readonly MongoWriteOutcome Success = new([], 0, []);

    /// <summary>The driver's exception behind this outcome, kept as the inner exception if the batch finally fails.</summary>
    public Exception? Cause { get; init; }

    /// <summary>Sorts the documents of an unordered insert by what the server said about them.</summary>
    /// <param name="count">How many documents were inserted.</param>
    /// <param name="writeErrors">The server's per-document errors.</param>
    /// <param name="unprocessed">Positions the driver reports it never sent.</param>
    /// <param name="writeConcernFailed">
    /// Whether the write concern was not satisfied; then even documents without an error may not be durable, so every
    /// document is sent again (a stored one comes back as a harmless duplicate).
    /// </param>
    public static MongoWriteOutcome Classify(int count, IEnumerable<MongoWriteFailure> writeErrors, IEnumerable<int> unprocessed, bool writeConcernFailed)
    {
        var retry = new SortedSet<int>();
        var failures = new List<MongoWriteFailure>();
        var duplicates = new HashSet<int>();
        foreach (var error in writeErrors)
        {
            if (error.Index < 0 || error.Index >= count)
            {
                continue;
            }

            if (error.IsDuplicateId)
            {
                duplicates.Add(error.Index);
            }
            else if (retry.Add(error.Index))
            {
                failures.Add(error);
            }
        }

        foreach (var index in unprocessed)
        {
            if (index >= 0 && index < count && !duplicates.Contains(index))
            {
                retry.Add(index);
            }
        }

        if (writeConcernFailed)
        {
            for (var i = 0; i < count; i++)
            {
                if (!duplicates.Contains(i))
                {
                    retry.Add(i);
                }
            }
        }

        return new MongoWriteOutcome([.. retry], duplicates.Count, failures);
    }
}
