using Npgsql;
using NpgsqlTypes;

namespace EventTracking;

/// <summary>The writer's connection: opened on demand, the table and partitions created when missing.</summary>
public sealed partial class PostgreSqlBackend
{
    // Whether the writer's session has its staging table; a new session starts without one.
    private bool _stagingReady;

    // The types of the table's context and data columns as they are (a table created by an earlier version, or with
    // other options, keeps its own): the COPY sends each in that type's binary form.
    private NpgsqlDbType _contextType = NpgsqlDbType.Jsonb;
    private NpgsqlDbType _dataType = NpgsqlDbType.Jsonb;

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

            // At every open, so a table whose columns were altered is written right once a failed batch reconnects.
            await ReadColumnTypesAsync(connection, async, cancellationToken).ConfigureAwait(false);

            _stagingReady = false;
            _connection = connection;
            return connection;
        }
        catch
        {
            await DisposeAsync(connection, async).ConfigureAwait(false);
            throw;
        }
    }

    private async ValueTask ReadColumnTypesAsync(NpgsqlConnection connection, bool async, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(_schema.ColumnTypes, connection);
        try
        {
            var reader = async ? await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteReader();
            try
            {
                while (async ? await reader.ReadAsync(cancellationToken).ConfigureAwait(false) : reader.Read())
                {
                    var type = reader.GetString(1) == "json" ? NpgsqlDbType.Json : NpgsqlDbType.Jsonb;
                    if (reader.GetString(0) == "context")
                    {
                        _contextType = type;
                    }
                    else
                    {
                        _dataType = type;
                    }
                }
            }
            finally
            {
                await DisposeAsync(reader, async).ConfigureAwait(false);
            }
        }
        finally
        {
            await DisposeAsync(command, async).ConfigureAwait(false);
        }
    }

    private static string TypeName(NpgsqlDbType type) => type == NpgsqlDbType.Json ? "json" : "jsonb";

    private void CloseConnection()
    {
        _connection?.Dispose();
        _connection = null;
        _stagingReady = false;
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
