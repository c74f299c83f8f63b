using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;

namespace EventTracking.Collector;

/// <summary>
/// Answers the read routes from the event store: the SQLite table the Microticks events were delivered to, queried by
/// <see cref="MicroticksStoreQueries"/>. Rows are written with the original's keys, in its (alphabetical) order.
/// </summary>
internal sealed class MicroticksReader
{
    private readonly MicroticksDatabase _database;

    public MicroticksReader(MicroticksDatabase database)
    {
        _database = database;
    }

    /// <summary><c>{"count":n,"events":[{"action","data","id","session_id","time"}…],"status":200}</c>.</summary>
    public async Task WriteEventsAsync(HttpContext context, MicroticksReadQuery query)
    {
        var table = _database.Location.EventsTable;
        var rows = await ReadAsync(MicroticksStoreQueries.Events(table, query), query, row => new object?[]
        {
            row.GetString(0), DataAsSent(row.GetString(1), row.GetValue(2) as string), row.GetValue(3), row.GetValue(4), row.GetValue(5),
        }, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, "events", ["action", "data", "id", "session_id", "time"], rows).ConfigureAwait(false);
    }

    /// <summary><c>{"count":n,"sessions":[{"clicks","consumer_id","id","last_action","started_at","stopped_at"}…],"status":200}</c>.</summary>
    public async Task WriteSessionsAsync(HttpContext context, MicroticksReadQuery query)
    {
        var table = _database.Location.EventsTable;
        var rows = await ReadAsync(MicroticksStoreQueries.Sessions(table, query), query, row => new object?[]
        {
            row.GetValue(0), row.GetValue(1), row.GetValue(2), row.GetValue(3), row.GetValue(4), row.GetValue(5),
        }, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, "sessions", ["clicks", "consumer_id", "id", "last_action", "started_at", "stopped_at"], rows).ConfigureAwait(false);
    }

    /// <summary>What the client sent as <c>data</c>: the object itself, or what was wrapped under <c>value</c>.</summary>
    private static object DataAsSent(string storedData, string? format)
    {
        try
        {
            using var document = JsonDocument.Parse(storedData);
            var root = document.RootElement;
            var sent = format is MicroticksData.JsonFormat or MicroticksData.TextFormat
                && root.ValueKind == JsonValueKind.Object && root.TryGetProperty(MicroticksData.ValueField, out var value)
                    ? value
                    : root;
            return sent.Clone();
        }
        catch (JsonException)
        {
            // Not written by SqliteBackend; show it as it is rather than fail the whole answer.
            return storedData;
        }
    }

    private Task<List<object?[]>> ReadAsync(string sql, MicroticksReadQuery query, Func<SqliteDataReader, object?[]> read, CancellationToken cancellationToken) =>
        _database.ExecuteAsync(
            MicroticksStoreQueries.TableExists,
            async command =>
            {
                var rows = new List<object?[]>();
                command.Parameters.AddWithValue("$table", _database.Location.EventsTable);
                if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
                {
                    // Nothing has been stored yet.
                    return rows;
                }

                command.Parameters.Clear();
                command.CommandText = sql;
                AddParameters(command.Parameters, query);
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        rows.Add(read(reader));
                    }
                }

                return rows;
            },
            cancellationToken);

    private static void AddParameters(SqliteParameterCollection parameters, MicroticksReadQuery query)
    {
        parameters.AddWithValue("$surface", MicroticksEvents.Surface);
        parameters.AddWithValue("$start", MicroticksEvents.SessionStartName);
        parameters.AddWithValue("$stop", MicroticksEvents.SessionStopName);
        parameters.AddWithValue("$limit", query.Limit);
        parameters.AddWithValue("$offset", query.Offset);
        if (query.Date is { } date)
        {
            parameters.AddWithValue("$date", date);
        }

        if (query.Consumer is { } consumer)
        {
            parameters.AddWithValue("$consumer", consumer);
        }

        if (query.Ip is { } ip)
        {
            parameters.AddWithValue("$ip", ip);
        }
    }

    private static Task WriteAsync(HttpContext context, string member, string[] keys, List<object?[]> rows) =>
        MicroticksResponses.WriteAsync(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteNumber("count", rows.Count);
            writer.WriteStartArray(member);
            foreach (var row in rows)
            {
                writer.WriteStartObject();
                for (var i = 0; i < keys.Length; i++)
                {
                    writer.WritePropertyName(keys[i]);
                    WriteValue(writer, row[i]);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteNumber("status", 200);
        });

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case JsonElement element:
                element.WriteTo(writer);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case double number:
                writer.WriteNumberValue(number);
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
