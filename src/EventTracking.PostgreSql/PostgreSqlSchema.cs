using System.Globalization;

namespace EventTracking;

/// <summary>The SQL a <see cref="PostgreSqlBackend"/> runs, built from validated names.</summary>
internal sealed class PostgreSqlSchema
{
    public const string StagingTable = "eventtracking_staging";

    private readonly PostgreSqlBackendOptions _options;

    public PostgreSqlSchema(PostgreSqlBackendOptions options)
    {
        _options = options;
        QualifiedTable = Qualify(options.Table);
    }

    /// <summary>The table, quoted and schema-qualified when a schema is set.</summary>
    public string QualifiedTable { get; }

    /// <summary>Serialises DDL across processes: concurrent <c>CREATE … IF NOT EXISTS</c> can otherwise collide in the catalog.</summary>
    public string LockDdl =>
        $"SELECT pg_advisory_xact_lock(hashtext('eventtracking:{_options.Schema}.{_options.Table}'));";

    /// <summary>
    /// Creates the table with its key and indexes when it is missing, and leaves an existing table as it is: its
    /// indexes are the operator's to drop or add, and none comes back at the next start.
    /// </summary>
    public string CreateTable()
    {
        var partitioned = _options.Partitioning != PostgreSqlPartitioning.None;

        // A partitioned table's unique key must include the partition key. An event's timestamp never changes with a
        // retry, so (id, timestamp) rejects the same copies (id) does.
        var key = partitioned ? "(id, \"timestamp\")" : "(id)";
        var partitionBy = partitioned ? " PARTITION BY RANGE (\"timestamp\")" : string.Empty;
        var json = _options.JsonType == PostgreSqlJsonType.Json ? "json" : "jsonb";
        return $"""
            DO $$
            BEGIN
                IF to_regclass('{QualifiedTable}') IS NULL THEN
                    CREATE TABLE {QualifiedTable} (
                        id uuid NOT NULL,
                        name text NOT NULL,
                        "timestamp" timestamptz NOT NULL,
                        context {json} NOT NULL,
                        data {json} NOT NULL,
                        PRIMARY KEY {key}
                    ){partitionBy};
                    CREATE INDEX {Quote(_options.Table + "_name_timestamp")} ON {QualifiedTable} (name, "timestamp");
                    CREATE INDEX {Quote(_options.Table + "_timestamp")} ON {QualifiedTable} ("timestamp");
                END IF;
            END
            $$;
            """;
    }

    /// <summary>
    /// A session's staging table, with the table's column types (<c>json</c> or <c>jsonb</c>): emptied at every commit,
    /// so a failed batch leaves nothing behind.
    /// </summary>
    public static string CreateStaging(string contextType, string dataType) =>
        $"""
        CREATE TEMP TABLE IF NOT EXISTS {StagingTable} (
            id uuid NOT NULL,
            name text NOT NULL,
            "timestamp" timestamptz NOT NULL,
            context {contextType} NOT NULL,
            data {dataType} NOT NULL
        ) ON COMMIT DELETE ROWS;
        """;

    /// <summary>The type of the table's <c>context</c> and <c>data</c> columns, one row each: <c>json</c>, <c>jsonb</c>, ….</summary>
    public string ColumnTypes =>
        $"SELECT attname, format_type(atttypid, NULL) FROM pg_attribute WHERE attrelid = '{QualifiedTable}'::regclass AND attname IN ('context', 'data')";

    /// <summary>The common case: a batch of new events straight into the table, one statement.</summary>
    public string CopyIntoTable => $"COPY {QualifiedTable} (id, name, \"timestamp\", context, data) FROM STDIN (FORMAT BINARY)";

    /// <summary>The careful case: a batch that may hold stored ids into the staging table, before <see cref="Insert"/>.</summary>
    public static string CopyIntoStaging => $"COPY {StagingTable} (id, name, \"timestamp\", context, data) FROM STDIN (FORMAT BINARY)";

    public string Insert =>
        $"""
        INSERT INTO {QualifiedTable} (id, name, "timestamp", context, data)
        SELECT id, name, "timestamp", context, data FROM {StagingTable}
        ON CONFLICT {(_options.Partitioning == PostgreSqlPartitioning.None ? "(id)" : "(id, \"timestamp\")")} DO NOTHING
        """;

    public string TableExists =>
        _options.Schema is null
            ? $"SELECT to_regclass('{_options.Table}') IS NOT NULL"
            : $"SELECT to_regclass('{_options.Schema}.{_options.Table}') IS NOT NULL";

    /// <summary>The first instant of the partition that holds <paramref name="timestamp"/>.</summary>
    public DateTime PartitionStart(DateTimeOffset timestamp)
    {
        var utc = timestamp.UtcDateTime;
        return _options.Partitioning == PostgreSqlPartitioning.Daily
            ? new DateTime(utc.Year, utc.Month, utc.Day, 0, 0, 0, DateTimeKind.Utc)
            : new DateTime(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc);
    }

    public string CreatePartition(DateTime start)
    {
        var daily = _options.Partitioning == PostgreSqlPartitioning.Daily;
        var end = daily ? start.AddDays(1) : start.AddMonths(1);
        var suffix = start.ToString(daily ? "'_y'yyyy'm'MM'd'dd" : "'_y'yyyy'm'MM", CultureInfo.InvariantCulture);
        return $"CREATE TABLE IF NOT EXISTS {Qualify(_options.Table + suffix)} PARTITION OF {QualifiedTable} "
            + $"FOR VALUES FROM ('{Format(start)}') TO ('{Format(end)}');";
    }

    private static string Format(DateTime instant) => instant.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    private string Qualify(string name) => _options.Schema is null ? Quote(name) : $"{Quote(_options.Schema)}.{Quote(name)}";

    private static string Quote(string identifier) => $"\"{identifier}\"";
}
