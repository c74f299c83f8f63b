namespace EventTracking;

/// <content>Background checkpoints: committed WAL pages move into the file off the writer's lock (see <see cref="SqliteCheckpointer"/>).</content>
public sealed partial class SqliteBackend
{
    // Rows bound (ids, names, timestamps, context and data JSON) between background checkpoints: with the indexes and
    // the summary tables about SQLite's default of 1,000 WAL pages.
    private const long CheckpointAfterBytes = 2 * 1024 * 1024;

    private SqliteCheckpointer? _checkpointer;
    private long _bytesSinceCheckpoint;

    /// <summary>How many background checkpoints completed (for tests).</summary>
    internal int CheckpointsCompleted => _checkpointer?.Completed ?? 0;

    /// <summary>The background checkpoint running now, or a completed task (for tests).</summary>
    internal Task CheckpointRunning => _checkpointer?.Running ?? Task.CompletedTask;

    // Called with _writeLock held, after a commit: every CheckpointAfterBytes of rows, a checkpoint off this lock.
    private void CheckpointWhenDue(long committedBytes)
    {
        _bytesSinceCheckpoint += committedBytes;
        if (_bytesSinceCheckpoint >= CheckpointAfterBytes)
        {
            _bytesSinceCheckpoint = 0;
            (_checkpointer ??= new SqliteCheckpointer(_connectionString, _options)).Request();
        }
    }
}
