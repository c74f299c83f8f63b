using Microsoft.Data.Sqlite;

namespace EventTracking;

/// <summary>
/// Moves committed WAL pages into the database file on a connection of its own, off the writer's lock: the writer's
/// commits no longer wait for a checkpoint's reads, writes and fsyncs, so concurrent batches keep committing while one
/// runs.
/// </summary>
/// <remarks>
/// One checkpoint runs at a time, <c>PASSIVE</c> (it never blocks the writer or readers, and copies what no reader still
/// needs); the writer asks for one after every few megabytes of rows. A checkpoint that cannot run (the file busy, an
/// I/O error) leaves the pages in the WAL for the next one, and SQLite's own automatic checkpoint, set on the writer at
/// <see cref="SqliteSchema.WriterAutoCheckpointPages"/>, still bounds the WAL should these fall behind.
/// </remarks>
internal sealed class SqliteCheckpointer(string connectionString, SqliteBackendOptions options) : IAsyncDisposable, IDisposable
{
    private readonly Lock _gate = new();
    private SqliteConnection? _connection;
    private Task _running = Task.CompletedTask;
    private bool _disposed;

    /// <summary>How many checkpoints ran to the end without an error.</summary>
    public int Completed { get; private set; }

    /// <summary>The checkpoint running now, or the last one (completed).</summary>
    public Task Running
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    /// <summary>Starts a checkpoint unless one is running already or the checkpointer is disposed.</summary>
    public void Request()
    {
        lock (_gate)
        {
            if (_disposed || !_running.IsCompleted)
            {
                return;
            }

            _running = Task.Run(Checkpoint);
        }
    }

    /// <summary>Waits for a running checkpoint, then closes the connection; later requests do nothing.</summary>
    public void Dispose()
    {
        // A checkpoint is synchronous SQLite work on a pool thread and never waits on this caller, so waiting is safe.
        Stop().GetAwaiter().GetResult();
        _connection?.Dispose();
    }

    /// <inheritdoc cref="Dispose"/>
    public async ValueTask DisposeAsync()
    {
        await Stop().ConfigureAwait(false);
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Task Stop()
    {
        lock (_gate)
        {
            _disposed = true;
            return _running;
        }
    }

    private void Checkpoint()
    {
        try
        {
            if (_connection is null)
            {
                var connection = new SqliteConnection(connectionString);
                connection.Open();
                using var setup = connection.CreateCommand();
                setup.CommandText = SqliteSchema.ConnectionPragmas(options, writer: false);
                setup.ExecuteNonQuery();
                _connection = connection;
            }

            using var command = _connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            command.ExecuteNonQuery();
            Completed++;
        }
        catch (SqliteException)
        {
            // Busy or failed: the pages stay in the WAL for the next checkpoint (see the remarks). A connection that
            // failed for another reason is opened afresh next time.
            _connection?.Dispose();
            _connection = null;
        }
    }
}
