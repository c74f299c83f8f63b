using Npgsql;

namespace EventTracking.ReaderContract.Tests;

/// <summary>
/// A table of its own on the PostgreSQL server named by <c>EVENTTRACKING_POSTGRES_URI</c> (started on CI by
/// <c>.ci/setup/30-postgresql.sh</c>), written by <see cref="PostgreSqlBackend"/> and dropped afterwards.
/// </summary>
internal sealed class PostgreSqlReaderStore(PostgreSqlPartitioning partitioning, PostgreSqlJsonType jsonType) : ReaderStore
{
    public const string UriVariable = "EVENTTRACKING_POSTGRES_URI";

    private string _server = null!;
    private string _table = null!;
    private PostgreSqlBackend? _backend;

    public override IEventReader Reader => _backend!;

    public override TimeSpan Resolution => TimeSpan.FromTicks(10);

    public override Task OpenAsync()
    {
        var uri = Environment.GetEnvironmentVariable(UriVariable);
        if (string.IsNullOrWhiteSpace(uri))
        {
            Unavailable($"{UriVariable} is not set: the PostgreSQL reader contract needs a server (.ci/setup/30-postgresql.sh starts one).", requiredOnCi: true);
        }

        _server = uri!;
        _table = NewTable();
        _backend = new PostgreSqlBackend(new PostgreSqlBackendOptions { ConnectionString = _server, Table = _table, Partitioning = partitioning, JsonType = jsonType });
        return Task.CompletedTask;
    }

    public override Task WriteAsync(IReadOnlyList<TrackingEvent> events) => _backend!.SendBatchAsync(events, CancellationToken.None).AsTask();

    public override Task<IEventReader> OpenMissingAsync() =>
        Task.FromResult<IEventReader>(new PostgreSqlEventReader(new PostgreSqlBackendOptions { ConnectionString = _server, Table = NewTable() }));

    public override async ValueTask DisposeAsync()
    {
        if (_backend is null)
        {
            return;
        }

        await _backend.DisposeAsync();
        await using var connection = new NpgsqlConnection(KeyValue(_server));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP TABLE IF EXISTS \"{_table}\" CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A <c>postgresql://user:password@host:port/database</c> URI as Npgsql's key=value form (the backend takes both).</summary>
    private static string KeyValue(string connectionString)
    {
        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgresql" or "postgres"))
        {
            return connectionString;
        }

        var user = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } database ? Uri.UnescapeDataString(database) : "postgres",
            Username = Uri.UnescapeDataString(user[0]),
        };
        if (user.Length > 1)
        {
            builder.Password = Uri.UnescapeDataString(user[1]);
        }

        return builder.ConnectionString;
    }

    private static string NewTable() => "contract_" + Guid.NewGuid().ToString("N")[..16];
}
