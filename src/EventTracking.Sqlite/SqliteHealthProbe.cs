using Microsoft.Data.Sqlite;

namespace EventTracking;

/// <summary>
/// Checks that an SQLite store can be opened for writing and read. A file not created yet counts as reachable when
/// its folder exists or can be created, since the backend creates both on first use.
/// </summary>
internal sealed class SqliteHealthProbe : IHealthProbe
{
    private readonly string _path;

    public SqliteHealthProbe(string path)
    {
        _path = path;
    }

    public async ValueTask<HealthProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            return NearestExistingFolder(Path.GetDirectoryName(_path)) is not null
                ? HealthProbeResult.Reachable
                : HealthProbeResult.Unreachable($"no folder on the way to {_path} exists");
        }

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 5,
        }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();

        // Reads the schema page only: proves the file is a database we can open, without scanning it.
        command.CommandText = "SELECT count(*) FROM sqlite_master";
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return HealthProbeResult.Reachable;
    }

    private static string? NearestExistingFolder(string? folder)
    {
        for (var current = folder; !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
        {
            if (Directory.Exists(current))
            {
                return current;
            }
        }

        return null;
    }
}
