using Npgsql;
using NpgsqlTypes;

namespace EventTracking;

/// <summary>
/// Stores events in PostgreSQL: the store a deployment of several machines writes to. A batch of new events goes in
/// with one binary <c>COPY</c> straight into the table; a batch holding an id that is already stored (a replay, a
/// redelivery) or an id twice goes through a session staging table and <c>INSERT … ON CONFLICT DO NOTHING</c>
/// instead, so every event id is stored once.
/// </summary>
/// <remarks>
/// <para>
/// On first use the backend creates its table when missing: <c>id uuid</c> (the key), <c>name text</c>,
/// <c>"timestamp" timestamptz</c>, <c>context jsonb</c>, <c>data jsonb</c> (<c>json</c> with
/// <see cref="PostgreSqlBackendOptions.JsonType"/>), with indexes on <c>(name, "timestamp")</c> and <c>"timestamp"</c>.
/// An existing table is used as it is: the backend never alters it, and an index the operator
/// dropped is not created again. With <see cref="PostgreSqlBackendOptions.Partitioning"/> the table is partitioned by
/// range of <c>"timestamp"</c>, keyed on <c>(id, "timestamp")</c> (a retried event keeps both), and the month's or
/// day's partition is created before the first event that falls in it. Schema changes take an advisory lock, so several
/// processes may start against an empty database at once.
/// </para>
/// <para>
/// The straight <c>COPY</c> is one statement: when it fails with a unique violation (SQLSTATE 23505) none of the batch
/// was stored, and the backend stores the batch the careful way on the same connection. After such a batch the next
/// ones go the careful way directly, until one of them holds only new events. Each fallback is counted on the
/// <c>EventTracking</c> meter (<c>eventtracking.postgresql.conflict_fallbacks</c>), and so is each event skipped as
/// already stored (<c>eventtracking.postgresql.duplicates_skipped</c>), tagged with the table
/// (<c>eventtracking.postgresql.table</c>).
/// </para>
/// <para>
/// One connection writes; batches are serialised. A batch is one transaction: stored whole or not at all. When the
/// server cannot be reached or refuses the connection, <see cref="SendBatchAsync"/> throws an
/// <see cref="NpgsqlException"/>, nothing of the batch is stored, and sending it again later is safe; the connection is
/// opened anew for the next batch. Put the backend under an <see cref="AsyncRoutingBackend"/> to get those retries.
/// </para>
/// <para>
/// PostgreSQL text cannot hold the NUL character: a NUL in a name, context or data is stored as <c>U+FFFD</c>.
/// </para>
/// <para>
/// The backend reads back what it stored (<see cref="Reading.IEventReader"/>, <see cref="Reading.IEventRetention"/>) on
/// pooled connections of its own, beside the writer; <see cref="PostgreSqlEventReader"/> does the same without a writer.
/// </para>
/// </remarks>
public sealed partial class PostgreSqlBackend : IBatchEventBackend, IHealthProbe, IAsyncDisposable, IDisposable, IEventTrackingMeterUser
{
    private readonly PostgreSqlBackendOptions _options;
    private readonly PostgreSqlSchema _schema;
    private readonly NpgsqlDataSource _dataSource;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly JsonColumnWriter _json = new();
    private readonly HashSet<DateTime> _partitions = [];
    private readonly PostgreSqlEventReader _reader;
    private PostgreSqlInstruments _metrics = PostgreSqlMetrics.Instruments.Current;
    private readonly KeyValuePair<string, object?>[] _metricTags;
    private NpgsqlConnection? _connection;
    private bool _tableReady;
    private IReadOnlyDictionary<string, object?>? _lastContext;
    private string _lastContextJson = "{}";
    private bool _disposed;

    /// <summary>Creates a backend for the server and table the options name. Nothing is opened until the first event.</summary>
    /// <param name="options">The settings; copied, so later changes do not affect this backend.</param>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public PostgreSqlBackend(PostgreSqlBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        _options.Validate();
        _schema = new PostgreSqlSchema(_options);
        _dataSource = PostgreSqlConnectionStrings.CreateDataSource(_options);
        _reader = new PostgreSqlEventReader(_schema, _dataSource);
        _metricTags = [new(PostgreSqlMetrics.TableTag, _options.Schema is { } schema ? $"{schema}.{_options.Table}" : _options.Table)];
    }

    /// <summary>Creates a backend that writes to the <c>events</c> table of the server <paramref name="connectionString"/> names.</summary>
    /// <param name="connectionString">An Npgsql connection string or a <c>postgresql://</c> URI.</param>
    /// <exception cref="ArgumentException">The connection string is empty or not a valid URI.</exception>
    public PostgreSqlBackend(string connectionString)
        : this(new PostgreSqlBackendOptions { ConnectionString = connectionString })
    {
    }

    /// <summary>The table that holds the events, quoted, and schema-qualified when a schema is set.</summary>
    public string Table => _schema.QualifiedTable;

    /// <summary>Stores one event, as a batch of one. Waits while another batch is being written.</summary>
    /// <param name="evt">The event.</param>
    /// <exception cref="NpgsqlException">The server could not be reached or refused the batch; nothing was stored.</exception>
    /// <exception cref="ObjectDisposedException">The backend was disposed.</exception>
    public void Send(TrackingEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        _writeLock.Wait();
        try
        {
            // With async: false every step runs Npgsql's synchronous API, so the task has completed on return.
            var write = WriteAsync([evt], async: false, CancellationToken.None);
            write.GetAwaiter().GetResult();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Stores a batch whole or not at all; events already stored (same id), and repeats of an id within the batch, are skipped.</summary>
    /// <param name="batch">The events.</param>
    /// <param name="cancellationToken">Cancels the wait for the writer and the statements; nothing is stored then.</param>
    /// <exception cref="NpgsqlException">The server could not be reached or refused the batch; nothing was stored.</exception>
    /// <exception cref="ObjectDisposedException">The backend was disposed.</exception>
    public async ValueTask SendBatchAsync(IReadOnlyList<TrackingEvent> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return;
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await WriteAsync(batch, async: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Opens a connection of its own and runs <c>SELECT 1</c>.</summary>
    /// <param name="cancellationToken">Cancelled when the health check times out.</param>
    /// <returns>Reachable, or unreachable with the error.</returns>
    public async ValueTask<HealthProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var command = _dataSource.CreateCommand("SELECT 1");
            await using (command.ConfigureAwait(false))
            {
                await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            }

            return HealthProbeResult.Reachable;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthProbeResult.Unreachable("PostgreSQL did not answer: " + ex.Message, ex);
        }
    }

    /// <summary>Waits for the batch being written, then closes the connection. Later sends throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _writeLock.Wait();
        try
        {
            if (!_disposed)
            {
                _disposed = true;
                CloseConnection();
                _dataSource.Dispose();
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Waits for the batch being written, then closes the connection. Later sends throw <see cref="ObjectDisposedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_disposed)
            {
                _disposed = true;
                CloseConnection();
                await _dataSource.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public void UseMeterFactory(System.Diagnostics.Metrics.IMeterFactory meterFactory) => _metrics = PostgreSqlMetrics.Instruments.For(meterFactory);
}
