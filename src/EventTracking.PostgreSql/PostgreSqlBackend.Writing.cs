using Npgsql;
using NpgsqlTypes;

namespace EventTracking;

/// <summary>
/// The write path. The common batch, whose events are all new, is one binary <c>COPY</c> straight into the table: one
/// statement, so stored whole or not at all. When it fails with a unique violation (an event of the batch is already
/// stored, or the batch holds one id twice) nothing of it was stored, and the batch goes the careful way instead: COPY
/// into the session's staging table, then <c>INSERT … ON CONFLICT DO NOTHING</c>, in one transaction.
/// </summary>
public sealed partial class PostgreSqlBackend
{
    // After a batch needed the careful way, the next ones likely do too (a replay after a crash, a redelivered backlog):
    // they go that way directly until one of them turns out to hold only new events.
    private bool _conflictsExpected;

    // Called with _writeLock held. The async flag picks Npgsql's synchronous or asynchronous API for every step, so
    // Send never blocks on a task and SendBatchAsync never blocks a thread.
    private async ValueTask WriteAsync(IReadOnlyList<TrackingEvent> batch, bool async, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            var connection = _connection ?? await OpenAsync(async, cancellationToken).ConfigureAwait(false);
            if (_options.Partitioning != PostgreSqlPartitioning.None)
            {
                await EnsurePartitionsAsync(connection, batch, async, cancellationToken).ConfigureAwait(false);
            }

            if (!_conflictsExpected)
            {
                try
                {
                    await CopyAsync(connection, _schema.CopyIntoTable, batch, async, cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
                {
                    // The COPY was one statement and it failed: none of the batch is stored, the session is usable.
                    _metrics.ConflictFallbacks.Add(1, _metricTags);
                }
            }

            var inserted = await InsertSkippingStoredAsync(connection, batch, async, cancellationToken).ConfigureAwait(false);
            _conflictsExpected = inserted < batch.Count;
            if (inserted < batch.Count)
            {
                _metrics.DuplicatesSkipped.Add(batch.Count - inserted, _metricTags);
            }
        }
        catch
        {
            // A lost server, a cancelled statement or a refused batch may leave the session in any state: start afresh.
            CloseConnection();
            throw;
        }
    }

    // The idempotent way: staging table and INSERT … ON CONFLICT DO NOTHING in one transaction. Returns how many
    // events were new.
    private async ValueTask<int> InsertSkippingStoredAsync(
        NpgsqlConnection connection, IReadOnlyList<TrackingEvent> batch, bool async, CancellationToken cancellationToken)
    {
        if (!_stagingReady)
        {
            await ExecuteAsync(connection, PostgreSqlSchema.CreateStaging(TypeName(_contextType), TypeName(_dataType)), async, cancellationToken).ConfigureAwait(false);
            _stagingReady = true;
        }

        var transaction = async
            ? await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false)
            : connection.BeginTransaction();
        try
        {
            await CopyAsync(connection, PostgreSqlSchema.CopyIntoStaging, batch, async, cancellationToken).ConfigureAwait(false);
            var insert = new NpgsqlCommand(_schema.Insert, connection, transaction);
            int inserted;
            try
            {
                inserted = async ? await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) : insert.ExecuteNonQuery();
            }
            finally
            {
                await DisposeAsync(insert, async).ConfigureAwait(false);
            }

            if (async)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                transaction.Commit();
            }

            return inserted;
        }
        finally
        {
            await DisposeAsync(transaction, async).ConfigureAwait(false);
        }
    }

    private async ValueTask CopyAsync(
        NpgsqlConnection connection, string copy, IReadOnlyList<TrackingEvent> batch, bool async, CancellationToken cancellationToken)
    {
        var importer = async
            ? await connection.BeginBinaryImportAsync(copy, cancellationToken).ConfigureAwait(false)
            : connection.BeginBinaryImport(copy);
        try
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var evt = batch[i];
                var context = PostgreSqlText.Json(ContextJson(evt.Context));
                var data = PostgreSqlText.Json(_json.Write(evt.Data));
                if (async)
                {
                    await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(evt.Id, NpgsqlDbType.Uuid, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(PostgreSqlText.Text(evt.Name), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(evt.Timestamp.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(context, _contextType, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(data, _dataType, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    importer.StartRow();
                    importer.Write(evt.Id, NpgsqlDbType.Uuid);
                    importer.Write(PostgreSqlText.Text(evt.Name), NpgsqlDbType.Text);
                    importer.Write(evt.Timestamp.UtcDateTime, NpgsqlDbType.TimestampTz);
                    importer.Write(context, _contextType);
                    importer.Write(data, _dataType);
                }
            }

            _ = async ? await importer.CompleteAsync(cancellationToken).ConfigureAwait(false) : importer.Complete();
        }
        finally
        {
            await DisposeAsync(importer, async).ConfigureAwait(false);
        }
    }

    // Events emitted inside the same context share one immutable context dictionary: render it once per run of them.
    private string ContextJson(IReadOnlyDictionary<string, object?> context)
    {
        if (!ReferenceEquals(context, _lastContext))
        {
            _lastContextJson = _json.Write(context);
            _lastContext = context;
        }

        return _lastContextJson;
    }
}
