using EventTracking.Reading;
using Microsoft.Data.Sqlite;

namespace EventTracking;

/// <summary>
/// Stores events in an embedded SQLite file: durable, queryable events with no server to run. The default store.
/// </summary>
/// <remarks>
/// <para>
/// On first use the backend creates the file, its folder and its table (<c>id</c>, <c>name</c>, <c>timestamp</c>,
/// <c>context</c>, <c>data</c>; indexes on <c>name</c> and <c>timestamp</c>) and switches the file to WAL mode, so
/// readers (<see cref="SqliteEventReader"/>, the <c>sqlite3</c> shell) never block the writer.
/// </para>
/// <para>
/// One connection writes; writers are serialised. A batch is one transaction, so it is stored whole or not at all,
/// and an event whose id is already stored is skipped, so a retried batch never duplicates. When another connection
/// or process holds the write lock for longer than <see cref="SqliteBackendOptions.BusyTimeout"/>,
/// <see cref="SendBatchAsync"/> throws a <see cref="SqliteException"/> whose
/// <see cref="SqliteException.SqliteErrorCode"/> is 5 (<c>SQLITE_BUSY</c>) or 6 (<c>SQLITE_LOCKED</c>); nothing of
/// the batch is stored and sending it again later is safe.
/// </para>
/// <para>
/// Committed pages are moved from the WAL into the file by a checkpoint on a second connection, in the background
/// (every 2 MB or so of rows), so a commit never waits for a checkpoint's writes and fsyncs. Disposing waits for a
/// running checkpoint; closing the last connection checkpoints what is left and removes the WAL.
/// </para>
/// <para>
/// SQLite does its work synchronously, so <see cref="SendBatchAsync"/> writes on the calling thread, as the async
/// methods of Microsoft.Data.Sqlite do; put the backend behind an <c>AsyncRoutingBackend</c> to keep writes off
/// request threads.
/// </para>
/// </remarks>
public sealed partial class SqliteBackend : IBatchEventBackend, IEventReader, IEventRetention, IAsyncDisposable, IDisposable
{
    private readonly SqliteBackendOptions _options;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SqliteEventReader _reader;
    private SqliteConnection? _connection;
    private SqliteEventInsert? _insert;
    private SqliteRollupWriter? _rollups;
    private bool _disposed;

    /// <summary>Creates a backend that writes to the file the options name. Nothing is opened until the first event.</summary>
    /// <param name="options">The settings; <see langword="null"/> for the defaults (<c>events.db</c>, table <c>events</c>).
    /// They are copied, so later changes do not affect this backend.</param>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public SqliteBackend(SqliteBackendOptions? options = null)
    {
        _options = (options ?? new SqliteBackendOptions()).Clone();
        _options.Validate();
        _connectionString = SqliteSchema.ConnectionString(_options, readOnly: false);
        _reader = new SqliteEventReader(_options);
    }

    /// <summary>Creates a backend that writes to <paramref name="path"/> with default settings.</summary>
    /// <param name="path">The database file.</param>
    public SqliteBackend(string path)
        : this(new SqliteBackendOptions { Path = path })
    {
    }

    /// <summary>The full path of the database file.</summary>
    public string Path => System.IO.Path.GetFullPath(_options.Path);

    /// <summary>The table that holds the events.</summary>
    public string TableName => _options.TableName;

    /// <summary>Stores one event, as a batch of one. Waits while another batch is being written.</summary>
    /// <param name="evt">The event.</param>
    /// <exception cref="SqliteException">The database could not be written; see the class remarks for busy files.</exception>
    /// <exception cref="ObjectDisposedException">The backend was disposed.</exception>
    public void Send(TrackingEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        _writeLock.Wait();
        try
        {
            Write([[evt]]);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Stores a batch in one transaction; events already stored (same id) are skipped.</summary>
    /// <param name="batch">The events.</param>
    /// <param name="cancellationToken">Cancels waiting for the writer; a transaction that has begun is finished.</param>
    /// <exception cref="SqliteException">Nothing of the batch was stored; see the class remarks for busy files.</exception>
    /// <exception cref="ObjectDisposedException">The backend was disposed.</exception>
    public async ValueTask SendBatchAsync(IReadOnlyList<TrackingEvent> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return;
        }

        await CommitInGroupAsync(batch, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads stored events back, newest first. Runs beside the writer without blocking it.</summary>
    /// <param name="query">Which events; see <see cref="EventQuery"/>.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The events, newest first; empty when nothing has been stored yet.</returns>
    public Task<IReadOnlyList<TrackingEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken = default) =>
        _reader.QueryAsync(query, cancellationToken);

    /// <inheritdoc/>
    public Task<EventPage> ReadAsync(EventReadQuery query, CancellationToken cancellationToken = default) =>
        _reader.ReadAsync(query, cancellationToken);

    /// <inheritdoc/>
    public Task<TrackingEvent?> FindAsync(Guid id, CancellationToken cancellationToken = default) =>
        _reader.FindAsync(id, cancellationToken);

    /// <inheritdoc/>
    public Task<long> CountAsync(EventFilter filter, CancellationToken cancellationToken = default) =>
        _reader.CountAsync(filter, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<EventCount>> CountByNameAsync(EventCountQuery query, CancellationToken cancellationToken = default) =>
        _reader.CountByNameAsync(query, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<DailyUserCount>> CountDistinctUsersAsync(DistinctUsersQuery query, CancellationToken cancellationToken = default) =>
        _reader.CountDistinctUsersAsync(query, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<EventNameSummary>> GetCatalogAsync(EventCatalogQuery query, CancellationToken cancellationToken = default) =>
        _reader.GetCatalogAsync(query, cancellationToken);

    /// <summary>
    /// Deletes up to <paramref name="maxEvents"/> of the oldest events stamped before <paramref name="cutoff"/> in one
    /// transaction, and takes them out of the summary tables. Waits for the batch being written; writers wait for it.
    /// </summary>
    /// <param name="cutoff">Events with a timestamp before this instant are deleted.</param>
    /// <param name="maxEvents">The most events to delete; at least 1. Keep it small (1 000) so writers wait little.</param>
    /// <param name="cancellationToken">Cancels waiting for the writer.</param>
    /// <returns>How many were deleted; fewer than <paramref name="maxEvents"/> means none older are left.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxEvents"/> is less than 1.</exception>
    /// <exception cref="ObjectDisposedException">The backend was disposed.</exception>
    public async Task<int> DeleteBeforeAsync(DateTimeOffset cutoff, int maxEvents, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEvents, 1);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _ = _insert ?? Open();
            return SqliteRetention.DeleteBatch(_connection!, _options.TableName, EventJson.FormatTimestamp(cutoff), maxEvents);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Waits for the batch being written, then closes the file. Later sends throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        SqliteCheckpointer? checkpointer;
        _writeLock.Wait();
        try
        {
            checkpointer = Close();
        }
        finally
        {
            _writeLock.Release();
        }

        checkpointer?.Dispose();
    }

    /// <summary>Waits for the batch being written, then closes the file. Later sends throw <see cref="ObjectDisposedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        SqliteCheckpointer? checkpointer;
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            checkpointer = Close();
        }
        finally
        {
            _writeLock.Release();
        }

        if (checkpointer is not null)
        {
            await checkpointer.DisposeAsync().ConfigureAwait(false);
        }
    }

    // Called with _writeLock held. Synchronous on purpose: Microsoft.Data.Sqlite's async methods run synchronously
    // anyway, and a Task per row would cost more than the row.
    private void Write(IReadOnlyList<IReadOnlyList<TrackingEvent>> batches)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var insert = _insert ?? Open();
        var transaction = _connection!.BeginTransaction(deferred: false);
        try
        {
            foreach (var batch in batches)
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    var evt = batch[i];
                    if (insert.Insert(evt))
                    {
                        _rollups!.Add(evt);
                    }
                }
            }

            _rollups!.Flush(transaction);
            transaction.Commit();
            CheckpointWhenDue(insert.TakeBytesBound());
        }
        catch (Exception ex)
        {
            insert.TakeBytesBound();
            _rollups?.Clear();
            Abandon(transaction, ex);
            throw;
        }
        finally
        {
            transaction.Dispose();
        }
    }

    private SqliteEventInsert Open()
    {
        // Created 0600 (its folder 0700) before SQLite opens it; SQLite gives -wal and -shm the same mode.
        PrivateFiles.PrepareSqliteDatabase(Path);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using (var setup = connection.CreateCommand())
            {
                setup.CommandText = SqliteSchema.ConnectionPragmas(_options, writer: true) + SqliteSchema.CreateTable(_options.TableName);
                setup.ExecuteNonQuery();
            }

            SqliteRollups.Prepare(connection, _options.TableName, _options.UserKey);
            _rollups = new SqliteRollupWriter(connection, _options.TableName, _options.UserKey);
            PrivateFiles.RestrictSqliteCompanions(Path);

            var insert = new SqliteEventInsert(connection, _options.TableName);
            _connection = connection;
            _insert = insert;
            return insert;
        }
        catch
        {
            _rollups?.Dispose();
            _rollups = null;
            connection.Dispose();
            throw;
        }
    }

    // A busy file or an event that failed to serialize leaves the connection healthy; any other SQLite error (I/O,
    // a full disk, a corrupt file) may have left it in an unknown state, so it is closed and the next batch reopens.
    private void Abandon(SqliteTransaction transaction, Exception cause)
    {
        try
        {
            transaction.Rollback();
        }
        catch (SqliteException)
        {
            CloseConnection();
            return;
        }

        if (cause is SqliteException sqlite && !SqliteSchema.IsBusy(sqlite))
        {
            CloseConnection();
        }
    }

    // Returns the checkpointer for the caller to dispose once the write lock is released.
    private SqliteCheckpointer? Close()
    {
        if (_disposed)
        {
            return null;
        }

        _disposed = true;
        CloseConnection();
        var checkpointer = _checkpointer;
        _checkpointer = null;
        return checkpointer;
    }

    private void CloseConnection()
    {
        _rollups?.Dispose();
        _rollups = null;
        _insert?.Dispose();
        _insert = null;
        _connection?.Dispose();
        _connection = null;
    }
}
