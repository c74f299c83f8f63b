namespace EventTracking;

/// <summary>
/// Some events of a batch could not be stored in MongoDB even after the failed ones were inserted again.
/// The rest of the batch is stored; sending the whole batch again is safe, since stored events come back as
/// duplicates and count as delivered.
/// </summary>
public sealed class MongoBatchWriteException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, with the server's first error.</param>
    /// <param name="failedCount">How many events of the batch are not stored.</param>
    /// <param name="innerException">The driver's last error, if any.</param>
    public MongoBatchWriteException(string message, int failedCount, Exception? innerException = null)
        : base(message, innerException)
    {
        FailedCount = failedCount;
    }

    /// <summary>How many events of the batch are not stored.</summary>
    public int FailedCount { get; }
}
