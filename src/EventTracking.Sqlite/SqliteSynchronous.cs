namespace EventTracking;

/// <summary>How hard SQLite works to make a committed batch survive a power failure (<c>PRAGMA synchronous</c>).</summary>
public enum SqliteSynchronous
{
    /// <summary>
    /// The default. In WAL mode a committed batch survives a crash of the application, but the last batches before a
    /// power failure or an operating-system crash may be lost. The database is never corrupted.
    /// </summary>
    Normal,

    /// <summary>Every committed batch is flushed to disk before the commit returns: durable across power failures, and slower.</summary>
    Full,
}
