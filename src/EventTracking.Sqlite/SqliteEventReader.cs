using EventTracking.Reading;
using Microsoft.Data.Sqlite;

namespace EventTracking;

/// <summary>
/// Reads events back from a file written by a <see cref="SqliteBackend"/>: pages in (timestamp, id) order, counts by
/// name per bucket, distinct users per day and the catalog (<see cref="IEventReader"/>).
/// </summary>
/// <remarks>
/// Counts and the catalog are answered from the summary tables the backend keeps (see <c>docs/storage.md</c>) when the
/// filter allows it, so they stay fast over millions of events; a filter on context is answered from the events.
/// Each query opens its own read-only connection, so readers run beside the writer (the file is in WAL mode) and
/// several queries may run at once. Context and data come back as they do from <see cref="EventJson.Parse(string)"/>:
/// nested objects as dictionaries, arrays as lists, integers as <see cref="long"/>, other numbers as
/// <see cref="double"/>, and dates, GUIDs and enums as strings.
/// </remarks>
public sealed class SqliteEventReader : IEventReader
{
    private readonly SqliteBackendOptions _options;
    private readonly string _connectionString;

    /// <summary>Creates a reader over the file and table the options name.</summary>
    /// <param name="options">The same settings the backend was given; copied.</param>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public SqliteEventReader(SqliteBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        _options.Validate();
        _connectionString = SqliteSchema.ConnectionString(_options, readOnly: true);
    }

    /// <summary>Creates a reader over the <c>events</c> table of <paramref name="path"/>.</summary>
    /// <param name="path">The database file.</param>
    public SqliteEventReader(string path)
        : this(new SqliteBackendOptions { Path = path })
    {
    }

    /// <summary>
    /// Whether the file holds the events table. Reads over a missing file or table answer as if it were empty; a tool that
    /// was given the file and the table's name checks this first, so a mistyped name is an error rather than "no events".
    /// </summary>
    /// <param name="cancellationToken">Stops the check.</param>
    /// <returns><see langword="true"/> when the file exists and holds the table.</returns>
    /// <exception cref="SqliteException">The file is not a SQLite database or could not be read.</exception>
    public Task<bool> TableExistsAsync(CancellationToken cancellationToken = default) =>
        WithConnectionAsync(false, static _ => Task.FromResult(true), cancellationToken);

    /// <summary>Reads the events that match <paramref name="query"/>, newest first (ties broken by id, also descending).</summary>
    /// <param name="query">The filters and the limit.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The events; empty when the file or the table does not exist yet.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="EventQuery.Limit"/> is not positive.</exception>
    /// <exception cref="SqliteException">The file could not be read.</exception>
    /// <exception cref="InvalidDataException">A stored row is not a valid event.</exception>
    public Task<IReadOnlyList<TrackingEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken = default) =>
        EventReaderExtensions.QueryAsync(this, query, cancellationToken);

    /// <inheritdoc/>
    /// <exception cref="SqliteException">The file could not be read.</exception>
    /// <exception cref="InvalidDataException">A stored row is not a valid event.</exception>
    public async Task<EventPage> ReadAsync(EventReadQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return await WithConnectionAsync<EventPage>(EventPage.Empty, async db =>
        {
            var command = db.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                var newestFirst = query.Order == EventOrder.NewestFirst;
                var after = new List<string>();
                if (query.After is { } cursor)
                {
                    after.Add(newestFirst ? "(timestamp, id) < ($c_time, $c_id)" : "(timestamp, id) > ($c_time, $c_id)");
                    command.Parameters.AddWithValue("$c_time", EventJson.FormatTimestamp(cursor.Timestamp));
                    command.Parameters.AddWithValue("$c_id", cursor.Id.ToString("D"));
                }

                var where = SqliteFilterSql.Where(command, query.Filter, false, [.. after]);
                var direction = newestFirst ? "DESC" : "ASC";
                command.CommandText = $"SELECT {SqliteEventRows.Columns} FROM {db.Table} {where} ORDER BY timestamp {direction}, id {direction} LIMIT $limit;";
                command.Parameters.AddWithValue("$limit", query.Limit);
                var events = await SqliteEventRows.ReadAsync(command, query.Limit, cancellationToken).ConfigureAwait(false);
                return new EventPage(events, events.Count == query.Limit ? EventCursor.At(events[^1]) : null);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <exception cref="SqliteException">The file could not be read.</exception>
    /// <exception cref="InvalidDataException">The stored row is not a valid event.</exception>
    public async Task<TrackingEvent?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        return await WithConnectionAsync<TrackingEvent?>(null, async db =>
        {
            var command = db.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = $"SELECT {SqliteEventRows.Columns} FROM {db.Table} WHERE id = $id;";
                command.Parameters.AddWithValue("$id", id.ToString("D"));
                var events = await SqliteEventRows.ReadAsync(command, 1, cancellationToken).ConfigureAwait(false);
                return events.Count == 0 ? null : events[0];
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <exception cref="SqliteException">The file could not be read.</exception>
    public async Task<long> CountAsync(EventFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        filter.Validate();
        return await WithConnectionAsync<long>(0, db => SqliteCountQueries.CountAsync(db, filter, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <exception cref="SqliteException">The file could not be read.</exception>
    public async Task<IReadOnlyList<EventCount>> CountByNameAsync(EventCountQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate(DateTimeOffset.UtcNow);
        return await WithConnectionAsync<IReadOnlyList<EventCount>>([], db => SqliteCountQueries.CountByNameAsync(db, query, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <exception cref="SqliteException">The file could not be read.</exception>
    public async Task<IReadOnlyList<DailyUserCount>> CountDistinctUsersAsync(DistinctUsersQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return await WithConnectionAsync<IReadOnlyList<DailyUserCount>>([], db => SqliteCountQueries.CountDistinctUsersAsync(db, query, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <exception cref="SqliteException">The file could not be read.</exception>
    /// <exception cref="InvalidDataException">A sampled row is not a valid event.</exception>
    public async Task<IReadOnlyList<EventNameSummary>> GetCatalogAsync(EventCatalogQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return await WithConnectionAsync<IReadOnlyList<EventNameSummary>>([], db => SqliteCatalogQuery.GetAsync(db, query, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="read"/> on a read connection, or answers <paramref name="whenNoStore"/> when the file has no events table yet.</summary>
    private async Task<T> WithConnectionAsync<T>(T whenNoStore, Func<SqliteReadConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        var db = await SqliteReadConnection.OpenAsync(_options, _connectionString, cancellationToken).ConfigureAwait(false);
        if (db is null)
        {
            return whenNoStore;
        }

        await using (db.ConfigureAwait(false))
        {
            return await read(db).ConfigureAwait(false);
        }
    }
}
