using Npgsql;

namespace EventTracking;

/// <summary>The writer's connection: opened on demand, the table and partitions created when missing.</summary>
public sealed partial class PostgreSqlBackend
{
    // Whether the writer's session has its staging table; a new session starts without one.
    private bool _stagingReady;

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
