using Npgsql;
using NpgsqlTypes;

namespace EventTracking;

/// <summary>The write path: one transaction per batch, binary COPY into the staging table, then the idempotent insert.</summary>
public sealed partial class PostgreSqlBackend
{
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

            var transaction = async
                ? await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false)
                : connection.BeginTransaction();
            try
            {
                await CopyAsync(connection, batch, async, cancellationToken).ConfigureAwait(false);
                var insert = new NpgsqlCommand(_schema.Insert, connection, transaction);
                try
                {
                    _ = async ? await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) : insert.ExecuteNonQuery();
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
            }
            finally
            {
                await DisposeAsync(transaction, async).ConfigureAwait(false);
            }
        }
        catch
        {
            // A lost server, a cancelled statement or a refused batch may leave the session in any state: start afresh.
            CloseConnection();
            throw;
        }
    }

    private async ValueTask CopyAsync(NpgsqlConnection connection, IReadOnlyList<TrackingEvent> batch, bool async, CancellationToken cancellationToken)
    {
        var importer = async
            ? await connection.BeginBinaryImportAsync(PostgreSqlSchema.Copy, cancellationToken).ConfigureAwait(false)
            : connection.BeginBinaryImport(PostgreSqlSchema.Copy);
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
                    await importer.WriteAsync(context, NpgsqlDbType.Jsonb, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(data, NpgsqlDbType.Jsonb, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    importer.StartRow();
                    importer.Write(evt.Id, NpgsqlDbType.Uuid);
                    importer.Write(PostgreSqlText.Text(evt.Name), NpgsqlDbType.Text);
                    importer.Write(evt.Timestamp.UtcDateTime, NpgsqlDbType.TimestampTz);
                    importer.Write(context, NpgsqlDbType.Jsonb);
                    importer.Write(data, NpgsqlDbType.Jsonb);
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

    private async ValueTask<NpgsqlConnection> OpenAsync(bool async, CancellationToken cancellationToken)
    {
        var connection = async
            ? await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false)
            : _dataSource.OpenConnection();
        try
        {
            if (!_tableReady)
            {
                await RunDdlAsync(connection, _schema.CreateTable(), async, cancellationToken).ConfigureAwait(false);
                _tableReady = true;
            }

            await ExecuteAsync(connection, PostgreSqlSchema.CreateStaging, async, cancellationToken).ConfigureAwait(false);
            _connection = connection;
            return connection;
        }
        catch
        {
            await DisposeAsync(connection, async).ConfigureAwait(false);
            throw;
        }
    }

    private async ValueTask EnsurePartitionsAsync(NpgsqlConnection connection, IReadOnlyList<TrackingEvent> batch, bool async, CancellationToken cancellationToken)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            var start = _schema.PartitionStart(batch[i].Timestamp);
            if (!_partitions.Contains(start))
            {
                await RunDdlAsync(connection, _schema.CreatePartition(start), async, cancellationToken).ConfigureAwait(false);
                _partitions.Add(start);
            }
        }
    }

    private async ValueTask RunDdlAsync(NpgsqlConnection connection, string ddl, bool async, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, "BEGIN;" + _schema.LockDdl + ddl + "COMMIT;", async, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask ExecuteAsync(NpgsqlConnection connection, string sql, bool async, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection);
        try
        {
            _ = async ? await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteNonQuery();
        }
        finally
        {
            await DisposeAsync(command, async).ConfigureAwait(false);
        }
    }

    // Disposes with the API the caller's mode allows, so the synchronous path never waits on a task.
    private static ValueTask DisposeAsync<T>(T resource, bool async)
        where T : IDisposable, IAsyncDisposable
    {
        if (async)
        {
            return resource.DisposeAsync();
        }

        resource.Dispose();
        return ValueTask.CompletedTask;
    }
}
