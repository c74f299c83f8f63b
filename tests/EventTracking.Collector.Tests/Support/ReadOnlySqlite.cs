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

    /// <summary>The first column of every row of <paramref name="sql"/>, as text.</summary>
    public static List<string> Strings(string path, string sql)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
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
