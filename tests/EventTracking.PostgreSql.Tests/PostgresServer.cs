using Npgsql;

namespace EventTracking.Tests;

/// <summary>
/// The PostgreSQL server named by <c>EVENTTRACKING_POSTGRES_URI</c> (started by <c>.ci/setup/30-postgresql.sh</c>).
/// Missing, it fails the test in CI and skips it elsewhere.
/// </summary>
internal static class PostgresServer
{
    public const string UriVariable = "EVENTTRACKING_POSTGRES_URI";

    /// <summary>A superuser connection string.</summary>
    public static string Require()
    {
        var uri = Environment.GetEnvironmentVariable(UriVariable);
        if (!string.IsNullOrWhiteSpace(uri))
        {
            return PostgreSqlConnectionStrings.ToKeyValue(uri);
        }

        var reason = $"{UriVariable} is not set: the PostgreSQL tests need a server (.ci/setup/30-postgresql.sh starts one).";
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail(reason);
        }

        Assert.Ignore(reason);
        return string.Empty;
    }

    public static string NewTableName() => "t_" + Guid.NewGuid().ToString("N")[..16];

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
