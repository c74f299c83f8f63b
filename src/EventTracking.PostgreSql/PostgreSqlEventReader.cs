using System.Globalization;
using System.Text;
using System.Text.Json;
using EventTracking.Reading;
using Npgsql;
using NpgsqlTypes;

namespace EventTracking;

/// <summary>
/// Reads events back from a table written by a <see cref="PostgreSqlBackend"/>: pages by cursor, counts, distinct users,
/// the catalog of names and fields, and batch retention. <see cref="PostgreSqlBackend"/> offers the same through its own
/// <see cref="IEventReader"/> implementation.
/// </summary>
/// <remarks>
/// Each call takes a pooled connection of its own, so reads run beside the writer and beside each other. A table that
/// does not exist yet reads as empty. Context and data come back as from <see cref="EventJson.Parse(string)"/>: objects
/// as dictionaries, arrays as lists, integers as <see cref="long"/>, other numbers as <see cref="double"/>.
/// </remarks>
public sealed class PostgreSqlEventReader : IEventReader, IEventRetention, IAsyncDisposable, IDisposable
{
    private const string Columns = "id, name, \"timestamp\", context::text, data::text";
    private const string UndefinedTable = "42P01";

    private readonly PostgreSqlSchema _schema;
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a reader over the server and table the options name.</summary>
    /// <param name="options">The same settings the backend was given; copied.</param>
    /// <param name="timeProvider">The clock that stands for "now" in counts without an end; the system clock unless given.</param>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public PostgreSqlEventReader(PostgreSqlBackendOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copy = options.Clone();
        copy.Validate();
        _schema = new PostgreSqlSchema(copy);
        _dataSource = PostgreSqlConnectionStrings.CreateDataSource(copy);
        _ownsDataSource = true;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    internal PostgreSqlEventReader(PostgreSqlSchema schema, NpgsqlDataSource dataSource)
    {
        _schema = schema;
        _dataSource = dataSource;
        _timeProvider = TimeProvider.System;
    }

    /// <summary>
    /// Whether the events table exists. Reads over a missing table answer as if it were empty; a tool that was given the
    /// table's name checks this first, so a mistyped name is an error rather than "no events".
    /// </summary>
    /// <param name="cancellationToken">Stops the check.</param>
    /// <returns><see langword="true"/> when the table (in the configured schema, or on the search path) exists.</returns>
    /// <exception cref="NpgsqlException">The server could not be reached.</exception>
    public async Task<bool> TableExistsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(_schema.TableExists);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }

    /// <inheritdoc />
    public async Task<EventPage> ReadAsync(EventReadQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        await using var command = _dataSource.CreateCommand();
        var sql = new StringBuilder($"SELECT {Columns} FROM {_schema.QualifiedTable}");
        PostgreSqlFilter.AppendWhere(sql, command, query.Filter);
        var newestFirst = query.Order == EventOrder.NewestFirst;
        if (query.After is { } after)
        {
            sql.AndOrWhere().Append(newestFirst ? "(\"timestamp\", id) < (@a_ts, @a_id)" : "(\"timestamp\", id) > (@a_ts, @a_id)");
            command.Parameters.Add(PostgreSqlFilter.Timestamp("a_ts", after.Timestamp));
            command.Parameters.Add(new NpgsqlParameter("a_id", NpgsqlDbType.Uuid) { Value = after.Id });
        }

        sql.Append(newestFirst ? " ORDER BY \"timestamp\" DESC, id DESC" : " ORDER BY \"timestamp\", id")
            .Append(CultureInfo.InvariantCulture, $" LIMIT {query.Limit}");
        command.CommandText = sql.ToString();
        var events = await ReadEventsAsync(command, cancellationToken).ConfigureAwait(false);
        return events.Count == query.Limit ? new EventPage(events, EventCursor.At(events[^1])) : new EventPage(events, null);
    }

    /// <inheritdoc />
    public async Task<TrackingEvent?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM {_schema.QualifiedTable} WHERE id = @id LIMIT 1");
        command.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Uuid) { Value = id });
        var events = await ReadEventsAsync(command, cancellationToken).ConfigureAwait(false);
        return events.Count == 0 ? null : events[0];
    }

    /// <inheritdoc />
    public async Task<long> CountAsync(EventFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        filter.Validate();
        await using var command = _dataSource.CreateCommand();
        var sql = new StringBuilder($"SELECT count(*) FROM {_schema.QualifiedTable}");
        PostgreSqlFilter.AppendWhere(sql, command, filter);
        command.CommandText = sql.ToString();
        return await QueryAsync(command, static r => r.GetInt64(0), cancellationToken).ConfigureAwait(false) is [var count] ? count : 0;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EventCount>> CountByNameAsync(EventCountQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var now = _timeProvider.GetUtcNow();
        query.Validate(now);
        await using var command = _dataSource.CreateCommand();
        var sql = new StringBuilder(
            $"SELECT date_bin(@width, \"timestamp\", TIMESTAMPTZ '2001-01-01 00:00:00+00') AS bucket, name, count(*) FROM {_schema.QualifiedTable}");
        command.Parameters.Add(new NpgsqlParameter("width", NpgsqlDbType.Interval) { Value = EventCountQuery.LengthOf(query.Bucket) });
        PostgreSqlFilter.AppendWhere(sql, command, query.Filter, to: now);
        sql.Append(" GROUP BY 1, 2 ORDER BY 1, name COLLATE \"C\"");
        command.CommandText = sql.ToString();
        return await QueryAsync(
            command,
            static r => new EventCount(new DateTimeOffset(r.GetDateTime(0), TimeSpan.Zero), r.GetString(1), r.GetInt64(2)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DailyUserCount>> CountDistinctUsersAsync(DistinctUsersQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        await using var command = _dataSource.CreateCommand();
        var sql = new StringBuilder(
            $"SELECT (\"timestamp\" AT TIME ZONE 'UTC')::date AS day, count(DISTINCT context ->> @user) FROM {_schema.QualifiedTable}");
        command.Parameters.Add(new NpgsqlParameter("user", NpgsqlDbType.Text) { Value = query.UserKey });
        PostgreSqlFilter.AppendWhere(sql, command, query.Filter);
        sql.AndOrWhere().Append("jsonb_typeof((context -> @user)::jsonb) IN ('string', 'number', 'boolean') GROUP BY 1 ORDER BY 1");
        command.CommandText = sql.ToString();
        return await QueryAsync(
            command, static r => new DailyUserCount(DateOnly.FromDateTime(r.GetDateTime(0)), r.GetInt64(1)), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EventNameSummary>> GetCatalogAsync(EventCatalogQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        await using var command = _dataSource.CreateCommand();
        var sql = new StringBuilder($"SELECT name, count(*), min(\"timestamp\"), max(\"timestamp\") FROM {_schema.QualifiedTable}");
        PostgreSqlFilter.AppendWhere(sql, command, query.Filter);
        sql.Append(" GROUP BY name ORDER BY name COLLATE \"C\"");
        command.CommandText = sql.ToString();
        var names = await QueryAsync(
            command,
            static r => (Name: r.GetString(0), Count: r.GetInt64(1), First: Utc(r.GetDateTime(2)), Last: Utc(r.GetDateTime(3))),
            cancellationToken).ConfigureAwait(false);
        if (!query.IncludeFields || names.Count == 0)
        {
            return names.Select(n => new EventNameSummary(n.Name, n.Count, n.First, n.Last, 0, [])).ToList();
        }

        var collectors = names.ToDictionary(n => n.Name, _ => new EventFieldCollector(query.MaxExamples), StringComparer.Ordinal);
        foreach (var evt in await SampleAsync(query, cancellationToken).ConfigureAwait(false))
        {
            collectors.GetValueOrDefault(evt.Name)?.Add(evt);
        }

        return names.Select(n => new EventNameSummary(n.Name, n.Count, n.First, n.Last, collectors[n.Name].Sampled, collectors[n.Name].Build())).ToList();
    }

    /// <inheritdoc />
    public async Task<int> DeleteBeforeAsync(DateTimeOffset cutoff, int maxEvents, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEvents, 1);
        await using var command = _dataSource.CreateCommand(
            $"DELETE FROM {_schema.QualifiedTable} WHERE (id, \"timestamp\") IN "
            + $"(SELECT id, \"timestamp\" FROM {_schema.QualifiedTable} WHERE \"timestamp\" < @cutoff ORDER BY \"timestamp\", id LIMIT @max)");
        command.Parameters.Add(PostgreSqlFilter.Timestamp("cutoff", cutoff));
        command.Parameters.Add(new NpgsqlParameter("max", NpgsqlDbType.Integer) { Value = maxEvents });
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == UndefinedTable)
        {
            return 0;
        }
    }

    /// <summary>Closes the connections the reader opened (none when it shares its backend's).</summary>
    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    /// <summary>Closes the connections the reader opened (none when it shares its backend's).</summary>
    /// <returns>A task that completes when they are closed.</returns>
    public ValueTask DisposeAsync() => _ownsDataSource ? _dataSource.DisposeAsync() : ValueTask.CompletedTask;

    // The newest SamplePerName events of each name, in one statement, oldest first (as the other stores give them to the
    // field collector, so the examples are the same values in the same order).
    private async Task<IReadOnlyList<TrackingEvent>> SampleAsync(EventCatalogQuery query, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand();
        var sql = new StringBuilder($"SELECT {Columns} FROM (SELECT *, row_number() OVER (PARTITION BY name ORDER BY \"timestamp\" DESC, id DESC) AS rank FROM {_schema.QualifiedTable}");
        PostgreSqlFilter.AppendWhere(sql, command, query.Filter);
        sql.Append(") AS sampled WHERE rank <= @sample ORDER BY \"timestamp\", id");
        command.Parameters.Add(new NpgsqlParameter("sample", NpgsqlDbType.Bigint) { Value = (long)query.SamplePerName });
        command.CommandText = sql.ToString();
        return await ReadEventsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static Task<IReadOnlyList<TrackingEvent>> ReadEventsAsync(NpgsqlCommand command, CancellationToken cancellationToken) =>
        QueryAsync(command, ReadEvent, cancellationToken);

    private static async Task<IReadOnlyList<T>> QueryAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(read(reader));
            }
        }
        catch (PostgresException ex) when (ex.SqlState == UndefinedTable)
        {
            return [];
        }

        return rows;
    }

    private static TrackingEvent ReadEvent(NpgsqlDataReader reader)
    {
        var id = reader.GetGuid(0);
        try
        {
            using var context = JsonDocument.Parse(reader.GetString(3));
            using var data = JsonDocument.Parse(reader.GetString(4));
            return new TrackingEvent(id, reader.GetString(1), Utc(reader.GetDateTime(2)), context.RootElement, data.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"The stored event '{id}' is not a valid event: {ex.Message}"), ex);
        }
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
