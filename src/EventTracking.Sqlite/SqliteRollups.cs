using Microsoft.Data.Sqlite;

namespace EventTracking;

/// <summary>
/// The summary tables the writer keeps beside the events so the dashboard's overview and catalog stay fast over
/// millions of events: counts per (minute, name) and (hour, name), each name's count and first and last timestamp, and the distinct
/// users per day.
/// </summary>
/// <remarks>
/// <para>
/// <c>{table}_minutes (minute, name, count)</c>: <c>minute</c> is the timestamp's first 16 characters
/// (<c>2026-11-23T12:00</c>); <c>{table}_hours (hour, name, count)</c> likewise with 13 (<c>2026-11-23T12</c>). <c>{table}_names (name, count, first_seen, last_seen)</c>. <c>{table}_users (day, user)</c>:
/// <c>day</c> is the timestamp's first 10 characters, <c>user</c> a hash (<see cref="UserHash"/>) of the text of the
/// context value at <c>{table}_rollup.user_key</c> (<c>user_id</c> by default; strings as they are, numbers and
/// booleans as JSON text).
/// <c>{table}_rollup (key, value)</c> holds <c>version</c> and <c>user_key</c>; a reader uses the summaries only when
/// <c>version</c> is there, because the writer writes it in the transaction that fills them from existing events.
/// </para>
/// <para>
/// The writer updates them in the transaction that stores a batch, counting only events actually inserted, so they
/// are exact as long as every writer of the file is a <see cref="SqliteBackend"/> of this version.
/// </para>
/// </remarks>
internal static class SqliteRollups
{
    public const string Version = "3";

    public static string Minutes(string table) => $"\"{table}_minutes\"";

    public static string Hours(string table) => $"\"{table}_hours\"";

    public static string Names(string table) => $"\"{table}_names\"";

    public static string Users(string table) => $"\"{table}_users\"";

    public static string Meta(string table) => $"\"{table}_rollup\"";

    /// <summary>
    /// What the user summary stores for a user: the first 128 bits of the SHA-256 of the user's text, in hex. A user's
    /// id never lands in the summary's b-tree, whose interior pages keep copies of keys that a delete does not
    /// overwrite, so erasing a user leaves no copy of the id there.
    /// </summary>
    public static string UserHash(string user) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(user)))[..32];

    /// <summary>The JSON path of a top-level key, for <c>json_extract</c> and <c>-&gt;</c>.</summary>
    public static string KeyPath(string key) => $"$.\"{key}\"";

    /// <summary>
    /// The text of a context value as a user id or a compared value: a string as it is, a number or boolean as its
    /// JSON text, nothing for null, objects and arrays. <c>$path</c> names the key.
    /// </summary>
    public static string ContextText(string pathParameter) =>
        $"(CASE json_type(context, {pathParameter}) WHEN 'text' THEN json_extract(context, {pathParameter}) "
        + $"WHEN 'integer' THEN context -> {pathParameter} WHEN 'real' THEN context -> {pathParameter} "
        + $"WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' END)";

    public static string Create(string table) =>
        $"""
        CREATE TABLE IF NOT EXISTS {Minutes(table)} (minute TEXT NOT NULL, name TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (minute, name)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS {Hours(table)} (hour TEXT NOT NULL, name TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (hour, name)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS {Names(table)} (name TEXT NOT NULL PRIMARY KEY, count INTEGER NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS {Users(table)} (day TEXT NOT NULL, user TEXT NOT NULL, PRIMARY KEY (day, user)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS {Meta(table)} (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        """;

    /// <summary>Creates the summaries and fills them from the stored events when they are new or their user key changed.</summary>
    public static void Prepare(SqliteConnection connection, string table, string userKey)
    {
        connection.CreateFunction("eventtracking_user_hash", (string? user) => user is null ? null : UserHash(user), isDeterministic: true);
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Create(table);
        command.ExecuteNonQuery();

        command.CommandText = $"SELECT key, value FROM {Meta(table)};";
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                meta[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var complete = meta.TryGetValue("version", out var version) && version == Version;
        if (!complete)
        {
            command.CommandText =
                $"""
                DELETE FROM {Minutes(table)};
                DELETE FROM {Hours(table)};
                DELETE FROM {Names(table)};
                INSERT INTO {Hours(table)} (hour, name, count) SELECT substr(timestamp, 1, 13), name, count(*) FROM "{table}" GROUP BY 1, 2;
                INSERT INTO {Minutes(table)} (minute, name, count) SELECT substr(timestamp, 1, 16), name, count(*) FROM "{table}" GROUP BY 1, 2;
                INSERT INTO {Names(table)} (name, count, first_seen, last_seen) SELECT name, count(*), min(timestamp), max(timestamp) FROM "{table}" GROUP BY name;
                """;
            command.ExecuteNonQuery();
        }

        if (!complete || !meta.TryGetValue("user_key", out var storedKey) || storedKey != userKey)
        {
            command.CommandText =
                $"""
                DELETE FROM {Users(table)};
                INSERT OR IGNORE INTO {Users(table)} (day, user)
                    SELECT substr(timestamp, 1, 10), eventtracking_user_hash({ContextText("$path")}) AS user FROM "{table}" WHERE user IS NOT NULL;
                INSERT INTO {Meta(table)} (key, value) VALUES ('version', '{Version}'), ('user_key', $key)
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value;
                """;
            command.Parameters.AddWithValue("$path", KeyPath(userKey));
            command.Parameters.AddWithValue("$key", userKey);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
