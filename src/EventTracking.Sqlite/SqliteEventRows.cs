using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace EventTracking;

/// <summary>Reads rows of <c>id, name, timestamp, context, data</c> back into events.</summary>
internal static class SqliteEventRows
{
    public const string Columns = "id, name, timestamp, context, data";

    public static async Task<List<TrackingEvent>> ReadAsync(SqliteCommand command, int capacity, CancellationToken cancellationToken)
    {
        var events = new List<TrackingEvent>(Math.Min(capacity, 1024));
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

    /// <exception cref="InvalidDataException">The row is not a valid event; the message names its id.</exception>
    public static TrackingEvent ReadRow(SqliteDataReader reader)
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
