using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace EventTracking;

/// <summary>Reads events back from a file written by a <see cref="SqliteBackend"/>: by name and time range, newest first.</summary>
/// <remarks>
/// Each query opens its own read-only connection, so readers run beside the writer (the file is in WAL mode) and
/// several queries may run at once. Context and data come back as they do from <see cref="EventJson.Parse(string)"/>:
/// nested objects as dictionaries, arrays as lists, integers as <see cref="long"/>, other numbers as
/// <see cref="double"/>, and dates, GUIDs and enums as strings.
/// </remarks>
public sealed class SqliteEventReader
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

    /// <summary>Reads the events that match <paramref name="query"/>, newest first (ties broken by id, also descending).</summary>
    /// <param name="query">The filters and the limit.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The events; empty when the file or the table does not exist yet.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="EventQuery.Limit"/> is not positive.</exception>
    /// <exception cref="SqliteException">The file could not be read.</exception>
    /// <exception cref="InvalidDataException">A stored row is not a valid event.</exception>
    public async Task<IReadOnlyList<TrackingEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit, "query.Limit");
        if (!File.Exists(System.IO.Path.GetFullPath(_options.Path)))
        {
            return [];
        }

        var connection = new SqliteConnection(_connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = SqliteSchema.ConnectionPragmas(_options, writer: false);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                command.CommandText = SqliteSchema.TableExists;
                command.Parameters.AddWithValue("$table", _options.TableName);
                if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
                {
                    return [];
                }

                command.Parameters.Clear();
                command.CommandText = SqliteSchema.Select(_options.TableName, query);
                AddFilters(command, query);
                return await ReadAsync(command, query.Limit, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static void AddFilters(SqliteCommand command, EventQuery query)
    {
        if (query.Name is not null)
        {
            command.Parameters.AddWithValue("$name", query.Name);
        }

        if (query.From is { } from)
        {
            command.Parameters.AddWithValue("$from", EventJson.FormatTimestamp(from));
        }

        if (query.To is { } to)
        {
            command.Parameters.AddWithValue("$to", EventJson.FormatTimestamp(to));
        }

        command.Parameters.AddWithValue("$limit", query.Limit);
    }

    private static async Task<IReadOnlyList<TrackingEvent>> ReadAsync(SqliteCommand command, int limit, CancellationToken cancellationToken)
    {
        var events = new List<TrackingEvent>(Math.Min(limit, 1024));
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                events.Add(ReadRow(reader));
            }
        }

        return events;
    }

    private static TrackingEvent ReadRow(SqliteDataReader reader)
    {
        var id = reader.GetString(0);
        try
        {
            using var context = JsonDocument.Parse(reader.GetString(3));
            using var data = JsonDocument.Parse(reader.GetString(4));
            return new TrackingEvent(
                Guid.Parse(id),
                reader.GetString(1),
                EventJson.ParseTimestamp(reader.GetString(2)),
                context.RootElement,
                data.RootElement);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            throw new InvalidDataException(
                string.Create(CultureInfo.InvariantCulture, $"The stored event '{id}' is not a valid event: {ex.Message}"), ex);
        }
    }
}
