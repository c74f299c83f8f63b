using Microsoft.Data.Sqlite;

namespace EventTracking;

/// <summary>
/// One read-only connection for one read: opened with the reader's pragmas, knowing whether the events table exists
/// and whether the summary tables are complete (and for which user key).
/// </summary>
internal sealed class SqliteReadConnection : IAsyncDisposable
{
    private SqliteReadConnection(SqliteConnection connection, string table, string? rollupUserKey)
    {
        Connection = connection;
        Table = table;
        RollupUserKey = rollupUserKey;
    }

    public SqliteConnection Connection { get; }

    /// <summary>The events table, quoted.</summary>
    public string Table { get; }

    public string TableName => Table[1..^1];

    /// <summary>Whether the summary tables are complete; readers fall back to the events when not.</summary>
    public bool HasRollups => RollupUserKey is not null;

    /// <summary>The context key the user summary is kept for; <see langword="null"/> without summaries.</summary>
    public string? RollupUserKey { get; }

    /// <summary>Opens the file; <see langword="null"/> when the file or the events table does not exist yet.</summary>
    public static async Task<SqliteReadConnection?> OpenAsync(SqliteBackendOptions options, string connectionString, CancellationToken cancellationToken)
    {
        if (!File.Exists(System.IO.Path.GetFullPath(options.Path)))
        {
            return null;
        }

        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = SqliteSchema.ConnectionPragmas(options, writer: false);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ($table, $meta);";
                command.Parameters.AddWithValue("$table", options.TableName);
                command.Parameters.AddWithValue("$meta", options.TableName + "_rollup");
                var tables = new HashSet<string>(StringComparer.Ordinal);
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        tables.Add(reader.GetString(0));
                    }
                }

                if (!tables.Contains(options.TableName))
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                    return null;
                }

                string? userKey = null;
                if (tables.Count == 2)
                {
                    command.Parameters.Clear();
                    command.CommandText =
                        $"SELECT (SELECT value FROM {SqliteRollups.Meta(options.TableName)} WHERE key = 'version'), (SELECT value FROM {SqliteRollups.Meta(options.TableName)} WHERE key = 'user_key');";
                    reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                            && !reader.IsDBNull(0) && reader.GetString(0) == SqliteRollups.Version && !reader.IsDBNull(1))
                        {
                            userKey = reader.GetString(1);
                        }
                    }
                }

                return new SqliteReadConnection(connection, $"\"{options.TableName}\"", userKey);
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public SqliteCommand CreateCommand() => Connection.CreateCommand();

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
