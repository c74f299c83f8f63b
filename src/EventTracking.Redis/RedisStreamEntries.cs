using System.Text.Json;
using StackExchange.Redis;

namespace EventTracking;

/// <summary>Turns stream entries into events and writes dead-letter entries.</summary>
internal static class RedisStreamEntries
{
    public const string InvalidReason = "invalid";
    public const string MaxDeliveriesReason = "max_deliveries";
    private const int MaxErrorLength = 500;

    /// <summary>
    /// Parses each entry's <c>event</c> field. Entries without a valid event are returned apart, and so are entries
    /// trimmed from the stream while pending (a pending list still names them, with no fields).
    /// </summary>
    public static (List<TrackingEvent> Events, List<StreamEntry> Delivered, List<(StreamEntry Entry, string Error)> Invalid, List<StreamEntry> Trimmed) Parse(
        StreamEntry[] entries)
    {
        var events = new List<TrackingEvent>(entries.Length);
        var delivered = new List<StreamEntry>(entries.Length);
        var invalid = new List<(StreamEntry, string)>();
        var trimmed = new List<StreamEntry>();
        foreach (var entry in entries)
        {
            if (entry.IsNull)
            {
                continue;
            }

            if (entry.Values is null or { Length: 0 })
            {
                trimmed.Add(entry);
                continue;
            }

            var json = entry[RedisStreamFields.Event];
            if (json.IsNullOrEmpty)
            {
                invalid.Add((entry, "the entry has no 'event' field"));
                continue;
            }

            try
            {
                events.Add(EventJson.Parse((ReadOnlyMemory<byte>)json));
                delivered.Add(entry);
            }
            catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException or InvalidDataException)
            {
                invalid.Add((entry, "the 'event' field is not a valid event: " + ex.Message));
            }
        }

        return (events, delivered, invalid, trimmed);
    }

    /// <summary>Copies the entry's fields to the dead-letter stream with why, then acknowledges it in the group, in one transaction.</summary>
    public static async Task DeadLetterAsync(
        IDatabase database, RedisStreamConsumerOptions options, RedisStreamInstruments metrics, IReadOnlyList<StreamEntry> entries, string reason, string error)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var shortError = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
        var transaction = database.CreateTransaction();
        var writes = new List<Task>(entries.Count + 1);
        foreach (var entry in entries)
        {
            var fields = new List<NameValueEntry>(entry.Values.Length + 4);
            fields.AddRange(entry.Values);
            fields.Add(new(RedisStreamFields.SourceEntry, entry.Id));
            fields.Add(new(RedisStreamFields.Reason, reason));
            fields.Add(new(RedisStreamFields.Error, shortError));
            fields.Add(new(RedisStreamFields.Consumer, options.Consumer));
            writes.Add(transaction.StreamAddAsync(options.DeadLetterStreamOrDefault, [.. fields]));
        }

        writes.Add(transaction.StreamAcknowledgeAsync(options.Stream, options.Group, Ids(entries)));
        if (!await transaction.ExecuteAsync().ConfigureAwait(false))
        {
            throw new RedisException("The dead-letter transaction was not executed.");
        }

        await Task.WhenAll(writes).ConfigureAwait(false);
        metrics.DeadLettered.Add(entries.Count, RedisStreamMetrics.Tags(options, reason));
    }

    public static RedisValue[] Ids(IReadOnlyList<StreamEntry> entries)
    {
        var ids = new RedisValue[entries.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = entries[i].Id;
        }

        return ids;
    }
}
