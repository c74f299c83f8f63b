using Microsoft.Data.Sqlite;

namespace EventTracking.Collector.Tests.Support;

/// <summary>Reads a SQLite file on a connection of its own, read-only and unpooled, as another process would.</summary>
internal static class ReadOnlySqlite
{
    public static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>One value of <paramref name="sql"/>, with <c>$name</c> parameters.</summary>
    public static object? Scalar(string path, string sql, params IEnumerable<(string Name, object Value)> parameters)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteScalar();
    }

    /// <summary>
    /// How many rows of <paramref name="table"/> match <paramref name="condition"/>; 0 when the file or the table does
    /// not exist yet.
    /// </summary>
    public static long Count(string path, string table, string condition = "1 = 1", params IEnumerable<(string Name, object Value)> parameters)
    {
        if (!File.Exists(path) || (long)Scalar(path, "SELECT count(*) FROM sqlite_master WHERE name = $table;", ("$table", table))! == 0)
        {
            return 0;
        }

        return (long)Scalar(path, $"SELECT count(*) FROM \"{table}\" WHERE {condition};", parameters)!;
    }
}
