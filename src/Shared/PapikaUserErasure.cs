using System.Text;
using Microsoft.Data.Sqlite;

namespace EventTracking;

/// <summary>
/// Deletes one user's rows from the Papika surface's own tables (<c>papika_users</c>, <c>papika_sessions</c>,
/// <c>papika_experiment_conditions</c>), for the collector's erasure and for <c>eventtracking erase</c>. Papika keys
/// them by its user id, the <c>user_id</c> its events carry, so the same id erases the events and the rows.
/// </summary>
internal static class PapikaUserErasure
{
    /// <summary>The table whose presence says a file holds Papika's store.</summary>
    public const string UsersTable = "papika_users";

    /// <summary>
    /// Deletes the rows of every user whose id is one of <paramref name="values"/> (a UUID in any of its text forms), in
    /// one transaction with <c>secure_delete</c> on, then truncates the write-ahead log so no copy of them stays there.
    /// </summary>
    /// <returns>How many rows were deleted; 0 when the file has no Papika tables.</returns>
    public static long Erase(SqliteConnection connection, IEnumerable<string> values)
    {
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA secure_delete = ON;";
            pragma.ExecuteNonQuery();
        }

        var ids = values
            .Select(v => Guid.TryParse(v, out var id) ? id.ToString("D") : v)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        long removed = 0;
        using (var transaction = connection.BeginTransaction(deferred: false))
        {
            if (!Exists(connection, transaction))
            {
                return 0;
            }

            foreach (var (table, column) in new[] { ("papika_experiment_conditions", "user_id"), ("papika_sessions", "user_id"), (UsersTable, "id") })
            {
                using var delete = connection.CreateCommand();
                delete.Transaction = transaction;
                var list = new StringBuilder();
                for (var i = 0; i < ids.Count; i++)
                {
                    list.Append(i == 0 ? string.Empty : ", ").Append("$v").Append(i);
                    delete.Parameters.AddWithValue($"$v{i}", ids[i]);
                }

                // Table and column names are the constants above; the ids travel as parameters.
                delete.CommandText = $"DELETE FROM {table} WHERE {column} IN ({list});";
                removed += delete.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        if (removed > 0)
        {
            SqliteLogTruncation.Truncate(connection, TimeSpan.FromSeconds(5));
        }

        return removed;
    }

    private static bool Exists(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $table;";
        command.Parameters.AddWithValue("$table", UsersTable);
        return command.ExecuteScalar() is not null;
    }
}
