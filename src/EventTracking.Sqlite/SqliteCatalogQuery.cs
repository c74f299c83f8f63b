using EventTracking.Reading;

namespace EventTracking;

/// <summary>
/// The catalog for <see cref="SqliteEventReader"/>: names with count and first and last seen from the names summary
/// (or grouped from the events when the filter has a time range or context), then each name's newest events, read
/// through the (name, timestamp, id) index, inspected by an <see cref="EventFieldCollector"/>.
/// </summary>
internal static class SqliteCatalogQuery
{
    public static async Task<IReadOnlyList<EventNameSummary>> GetAsync(SqliteReadConnection db, EventCatalogQuery query, CancellationToken cancellationToken)
    {
        var filter = query.Filter;
        var names = new List<(string Name, long Count, string First, string Last)>();
        var command = db.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            if (db.HasRollups && filter.From is null && filter.To is null && !SqliteFilterSql.HasContext(filter))
            {
                var where = SqliteFilterSql.Where(command, filter, namesOnly: true);
                command.CommandText = $"SELECT name, count, first_seen, last_seen FROM {SqliteRollups.Names(db.TableName)} {where};";
            }
            else
            {
                var where = SqliteFilterSql.Where(command, filter);
                command.CommandText = $"SELECT name, count(*), min(timestamp), max(timestamp) FROM {db.Table} {where} GROUP BY name;";
            }

            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    names.Add((reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3)));
                }
            }
        }

        names.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var result = new List<EventNameSummary>(names.Count);
        foreach (var (name, count, first, last) in names)
        {
            IReadOnlyList<EventFieldSummary> fields = [];
            var sampled = 0;
            if (query.IncludeFields)
            {
                var collector = new EventFieldCollector(query.MaxExamples);
                var sample = await SampleAsync(db, filter with { Name = name, NamePrefix = null }, query.SamplePerName, cancellationToken).ConfigureAwait(false);
                for (var i = sample.Count - 1; i >= 0; i--)
                {
                    collector.Add(sample[i]);
                }

                fields = collector.Build();
                sampled = collector.Sampled;
            }

            result.Add(new EventNameSummary(name, count, EventJson.ParseTimestamp(first), EventJson.ParseTimestamp(last), sampled, fields));
        }

        return result;
    }

    private static async Task<List<TrackingEvent>> SampleAsync(SqliteReadConnection db, EventFilter filter, int limit, CancellationToken cancellationToken)
    {
        var command = db.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            var where = SqliteFilterSql.Where(command, filter);
            command.CommandText = $"SELECT {SqliteEventRows.Columns} FROM {db.Table} {where} ORDER BY timestamp DESC, id DESC LIMIT $limit;";
            command.Parameters.AddWithValue("$limit", limit);
            return await SqliteEventRows.ReadAsync(command, limit, cancellationToken).ConfigureAwait(false);
        }
    }
}
