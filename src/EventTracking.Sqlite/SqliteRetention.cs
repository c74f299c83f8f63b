using Microsoft.Data.Sqlite;

namespace EventTracking;

/// <summary>Deletes one batch of old events and takes them out of the summary tables, in one transaction.</summary>
/// <remarks>
/// Minute, hour and name counts are decreased by exactly what was deleted, and a name's first-seen moves to its oldest
/// remaining event. A day of distinct users is removed once no event of that day is left, so the day the cutoff falls
/// in keeps its users until the whole day is past retention.
/// </remarks>
internal static class SqliteRetention
{
    public static int DeleteBatch(SqliteConnection connection, string table, string cutoff, int maxEvents)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            $"""
            DELETE FROM "{table}" WHERE rowid IN (
                SELECT rowid FROM "{table}" WHERE timestamp < $cutoff ORDER BY timestamp, id LIMIT $limit)
            RETURNING name, substr(timestamp, 1, 16);
            """;
        command.Parameters.AddWithValue("$cutoff", cutoff);
        command.Parameters.AddWithValue("$limit", maxEvents);
        var (deleted, minutes) = ReadDeleted(command);
        if (deleted > 0)
        {
            Subtract(command, table, minutes);
        }

        transaction.Commit();
        return deleted;
    }

    /// <summary>Runs a <c>DELETE … RETURNING name, substr(timestamp, 1, 16)</c> and counts what it deleted per (name, minute).</summary>
    public static (int Deleted, Dictionary<(string Name, string Minute), long> Minutes) ReadDeleted(SqliteCommand command)
    {
        var minutes = new Dictionary<(string Name, string Minute), long>();
        var deleted = 0;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var key = (reader.GetString(0), reader.GetString(1));
                minutes[key] = minutes.GetValueOrDefault(key) + 1;
                deleted++;
            }
        }

        return (deleted, minutes);
    }

    /// <summary>Takes deleted events out of the minute, hour and name summaries, in the caller's transaction.</summary>
    public static void Subtract(SqliteCommand command, string table, Dictionary<(string Name, string Minute), long> minutes)
    {
        command.Parameters.Clear();
        command.CommandText =
            $"""
            UPDATE {SqliteRollups.Minutes(table)} SET count = count - $count WHERE minute = $minute AND name = $name;
            DELETE FROM {SqliteRollups.Minutes(table)} WHERE minute = $minute AND name = $name AND count <= 0;
            UPDATE {SqliteRollups.Hours(table)} SET count = count - $count WHERE hour = substr($minute, 1, 13) AND name = $name;
            DELETE FROM {SqliteRollups.Hours(table)} WHERE hour = substr($minute, 1, 13) AND name = $name AND count <= 0;
            """;
        var name = command.Parameters.Add("$name", SqliteType.Text);
        var minute = command.Parameters.Add("$minute", SqliteType.Text);
        var count = command.Parameters.Add("$count", SqliteType.Integer);
        var byName = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var ((n, m), c) in minutes)
        {
            name.Value = n;
            minute.Value = m;
            count.Value = c;
            command.ExecuteNonQuery();
            byName[n] = byName.GetValueOrDefault(n) + c;
        }

        command.Parameters.Clear();
        command.CommandText =
            $"""
            UPDATE {SqliteRollups.Names(table)} SET count = count - $count,
                first_seen = coalesce((SELECT min(timestamp) FROM "{table}" WHERE name = $name), first_seen)
            WHERE name = $name;
            DELETE FROM {SqliteRollups.Names(table)} WHERE name = $name AND count <= 0;
            """;
        name = command.Parameters.Add("$name", SqliteType.Text);
        count = command.Parameters.Add("$count", SqliteType.Integer);
        foreach (var (n, c) in byName)
        {
            name.Value = n;
            count.Value = c;
            command.ExecuteNonQuery();
        }

        command.Parameters.Clear();
        command.CommandText =
            $"""
            DELETE FROM {SqliteRollups.Users(table)}
            WHERE day < coalesce((SELECT substr(min(timestamp), 1, 10) FROM "{table}"), '9999-12-31');
            """;
        command.ExecuteNonQuery();
    }
}
