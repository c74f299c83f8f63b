using System.Globalization;
using Microsoft.Data.Sqlite;

namespace EventTracking;

/// <summary>The SQL the SQLite backend and reader share: connection settings, schema and statements.</summary>
/// <remarks>
/// The table name is validated as a plain identifier before it is written into SQL; every value travels as a
/// parameter. Timestamps are stored as canonical text (<see cref="EventJson.FormatTimestamp"/>), which sorts in
/// time order and which SQLite's date functions understand.
/// </remarks>
internal static class SqliteSchema
{
    public const int SqliteBusy = 5;
    public const int SqliteLocked = 6;

    public static void ValidateTableName(string? tableName)
    {
        var valid = !string.IsNullOrEmpty(tableName) && tableName.Length <= 128
            && (char.IsAsciiLetter(tableName[0]) || tableName[0] == '_')
            && !tableName.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase);
        for (var i = 1; valid && i < tableName!.Length; i++)
        {
            valid = char.IsAsciiLetterOrDigit(tableName[i]) || tableName[i] == '_';
        }

        if (!valid)
        {
            throw new ArgumentException(
                $"SqliteBackendOptions.TableName '{tableName}' is not a plain identifier: use letters, digits and underscores, start with a letter or underscore, and avoid the reserved prefix 'sqlite_'.",
                "TableName");
        }
    }

    public static string ConnectionString(SqliteBackendOptions options, bool readOnly)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = System.IO.Path.GetFullPath(options.Path),
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,

            // One long-lived writer and short-lived readers: pooling would only keep the file open after Dispose.
            Pooling = false,

            // Microsoft.Data.Sqlite retries busy statements itself for this many whole seconds (0 would mean forever).
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        };
        return builder.ToString();
    }

    /// <summary>
    /// The writer's own automatic checkpoint, in WAL pages: ten times SQLite's default, a safety net only, as
    /// <see cref="SqliteCheckpointer"/> checkpoints off the writer's lock long before the WAL gets there.
    /// </summary>
    public const int WriterAutoCheckpointPages = 10_000;

    /// <summary>Settings that belong to a connection rather than to the file; run after every open.</summary>
    public static string ConnectionPragmas(SqliteBackendOptions options, bool writer)
    {
        var busy = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds};");
        if (!writer)
        {
            return busy;
        }

        var synchronous = options.Synchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{busy} PRAGMA journal_mode = WAL; PRAGMA synchronous = {synchronous}; PRAGMA wal_autocheckpoint = {WriterAutoCheckpointPages};");
    }

    // (name, timestamp, id) serves a name or prefix with a time range in cursor order and each name's first and last
    // event; (timestamp, id) serves every other read in cursor order and retention. The earlier single-column indexes
    // are prefixes of these, so files written by earlier versions lose them.
    public static string CreateTable(string table) =>
        $"""
        CREATE TABLE IF NOT EXISTS "{table}" (
            id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            timestamp TEXT NOT NULL,
            context TEXT NOT NULL,
            data TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS "{table}_name_time_idx" ON "{table}" (name, timestamp, id);
        CREATE INDEX IF NOT EXISTS "{table}_time_idx" ON "{table}" (timestamp, id);
        DROP INDEX IF EXISTS "{table}_name_idx";
        DROP INDEX IF EXISTS "{table}_timestamp_idx";
        """;

    public static string Insert(string table) =>
        $"""INSERT INTO "{table}" (id, name, timestamp, context, data) VALUES ($id, $name, $timestamp, $context, $data) ON CONFLICT (id) DO NOTHING;""";

    public static string TableExists => "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $table;";

    public static bool IsBusy(SqliteException exception) =>
        exception.SqliteErrorCode is SqliteBusy or SqliteLocked;
}
