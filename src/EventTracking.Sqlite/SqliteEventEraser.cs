using System.Text;
using Microsoft.Data.Sqlite;

namespace EventTracking;

/// <summary>
/// Deletes a user's events from a file written by a <see cref="SqliteBackend"/>: every row whose erasure fields hold
/// the user's id or one of its keyed hashes. <see cref="SqliteBackend"/> uses it for <see cref="IErasableStore"/>; use it
/// directly on a file no backend in this process writes (the <c>eventtracking erase</c> command does).
/// </summary>
/// <remarks>
/// The delete is one transaction with <c>secure_delete</c> on, so the erased rows' bytes are overwritten in the file,
/// and the write-ahead log is then checkpointed and truncated when no reader holds it, so no old copy of the rows
/// stays in <c>-wal</c>. A number stored in a field is compared by its text, so the id <c>10938</c> matches both
/// <c>10938</c> and <c>"10938"</c>.
/// </remarks>
public sealed class SqliteEventEraser : IErasableStore
{
    private readonly SqliteBackendOptions _options;
    private readonly string _connectionString;

    /// <summary>Creates an eraser for the file and table the options name.</summary>
    /// <param name="options">The same settings the backend was given; copied.</param>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public SqliteEventEraser(SqliteBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        _options.Validate();
        _connectionString = SqliteSchema.ConnectionString(_options, readOnly: false);
    }

    /// <summary>Creates an eraser for the <c>events</c> table of <paramref name="path"/>.</summary>
    /// <param name="path">The database file.</param>
    public SqliteEventEraser(string path)
        : this(new SqliteBackendOptions { Path = path })
    {
    }

    /// <summary>Deletes the user's events.</summary>
    /// <param name="erasure">Whose events, and where the id is stored.</param>
    /// <param name="cancellationToken">Stops before the delete starts; a delete that has begun is finished.</param>
    /// <returns>How many events were deleted; 0 when the file or table does not exist.</returns>
    /// <exception cref="SqliteException">The file could not be written (busy longer than
    /// <see cref="SqliteBackendOptions.BusyTimeout"/>, read-only, corrupt); nothing was deleted.</exception>
    public async ValueTask<long> EraseUserAsync(UserErasure erasure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(erasure);
        if (!File.Exists(System.IO.Path.GetFullPath(_options.Path)))
        {
            return 0;
        }

        var connection = new SqliteConnection(_connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            Execute(connection, SqliteSchema.ConnectionPragmas(_options, writer: false) + " PRAGMA secure_delete = ON;");
            if (!TableExists(connection))
            {
                return 0;
            }

            cancellationToken.ThrowIfCancellationRequested();
            long removed;
            using (var transaction = connection.BeginTransaction(deferred: false))
            using (var delete = CreateDelete(connection, erasure))
            {
                // The summaries the dashboard reads lose the erased events and the user's id in the same transaction.
                delete.Transaction = transaction;
                var (deleted, minutes) = SqliteRetention.ReadDeleted(delete);
                removed = deleted;
                if (RollupsExist(connection, transaction))
                {
                    if (deleted > 0)
                    {
                        SqliteRetention.Subtract(delete, _options.TableName, minutes);
                    }

                    EraseUser(connection, transaction, erasure);
                }

                transaction.Commit();
            }

            if (removed > 0)
            {
                await SqliteLogTruncation.TruncateAsync(connection, _options.BusyTimeout).ConfigureAwait(false);
            }

            return removed;
        }
    }

    private SqliteCommand CreateDelete(SqliteConnection connection, UserErasure erasure)
    {
        var command = connection.CreateCommand();
        var values = new StringBuilder();
        for (var i = 0; i < erasure.Values.Count; i++)
        {
            values.Append(i == 0 ? string.Empty : ", ").Append("$v").Append(i);
            command.Parameters.AddWithValue($"$v{i}", erasure.Values[i]);
        }

        var sql = new StringBuilder($"""DELETE FROM "{_options.TableName}" WHERE """);
        for (var i = 0; i < erasure.Fields.Count; i++)
        {
            // UserErasure allows only letters, digits, '_', '-' and ':' in a segment, so quoting each is safe; the
            // path itself still travels as a parameter.
            var segments = erasure.Fields[i].Split('.');
            var column = string.Equals(segments[0], "context", StringComparison.OrdinalIgnoreCase) ? "context" : "data";
            var jsonPath = "$" + string.Concat(segments.Skip(1).Select(s => $".\"{s}\""));
            command.Parameters.AddWithValue($"$p{i}", jsonPath);
            sql.Append(i == 0 ? string.Empty : " OR ").Append($"CAST(json_extract({column}, $p{i}) AS TEXT) IN ({values})");
        }

        command.CommandText = sql.Append(" RETURNING name, substr(timestamp, 1, 16);").ToString();
        return command;
    }

    private bool RollupsExist(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = SqliteSchema.TableExists;
        command.Parameters.AddWithValue("$table", _options.TableName + "_users");
        return command.ExecuteScalar() is not null;
    }

    private void EraseUser(SqliteConnection connection, SqliteTransaction transaction, UserErasure erasure)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var values = new StringBuilder();
        for (var i = 0; i < erasure.Values.Count; i++)
        {
            values.Append(i == 0 ? string.Empty : ", ").Append("$v").Append(i);
            command.Parameters.AddWithValue($"$v{i}", SqliteRollups.UserHash(erasure.Values[i]));
        }

        command.CommandText = $"DELETE FROM {SqliteRollups.Users(_options.TableName)} WHERE user IN ({values});";
        command.ExecuteNonQuery();
    }

    private bool TableExists(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = SqliteSchema.TableExists;
        command.Parameters.AddWithValue("$table", _options.TableName);
        return command.ExecuteScalar() is not null;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
