using System.Globalization;
using EventTracking.Reading;
using Microsoft.Data.Sqlite;

namespace EventTracking;

/// <summary>
/// Counts for <see cref="SqliteEventReader"/>: by name per bucket, in total, and distinct users per day. Whole hours
/// (for hour and day buckets) and whole minutes are read from the summary tables (<see cref="SqliteRollups"/>), and
/// only the partial minutes at the edges of a range from the events, so a count over a week by hour touches about 170
/// summary rows per name rather than every event; a filter on context, or a file without summaries, is counted from
/// the events.
/// </summary>
internal static class SqliteCountQueries
{
    private const string MinuteFormat = "yyyy-MM-dd'T'HH:mm";

    public static async Task<IReadOnlyList<EventCount>> CountByNameAsync(SqliteReadConnection db, EventCountQuery query, CancellationToken cancellationToken)
    {
        var length = query.Bucket switch { TimeBucket.Minute => 16, TimeBucket.Hour => 13, _ => 10 };
        var counts = await SliceAsync(db, query.Filter, length, cancellationToken).ConfigureAwait(false);
        var result = new List<EventCount>(counts.Count);
        foreach (var ((bucket, name), count) in counts)
        {
            result.Add(new EventCount(ParseBucket(bucket), name, count));
        }

        result.Sort(static (a, b) => a.BucketStart != b.BucketStart ? a.BucketStart.CompareTo(b.BucketStart) : string.CompareOrdinal(a.Name, b.Name));
        return result;
    }

    public static async Task<long> CountAsync(SqliteReadConnection db, EventFilter filter, CancellationToken cancellationToken)
    {
        if (db.HasRollups && filter.From is null && filter.To is null && !SqliteFilterSql.HasContext(filter))
        {
            return await ScalarAsync(db, $"SELECT coalesce(sum(count), 0) FROM {SqliteRollups.Names(db.TableName)} {{0}};", filter, true, cancellationToken).ConfigureAwait(false);
        }

        if (db.HasRollups && !SqliteFilterSql.HasContext(filter))
        {
            var slices = await SliceAsync(db, filter, 1, cancellationToken).ConfigureAwait(false);
            return slices.Values.Sum();
        }

        return await ScalarAsync(db, $"SELECT count(*) FROM {db.Table} {{0}};", filter, false, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<IReadOnlyList<DailyUserCount>> CountDistinctUsersAsync(SqliteReadConnection db, DistinctUsersQuery query, CancellationToken cancellationToken)
    {
        var filter = query.Filter;
        var command = db.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            if (db.RollupUserKey == query.UserKey && filter.Name is null && filter.NamePrefix is null && !SqliteFilterSql.HasContext(filter)
                && IsDay(filter.From) && IsDay(filter.To))
            {
                command.CommandText = $"SELECT day, count(*) FROM {SqliteRollups.Users(db.TableName)} WHERE day >= $from AND day < $to GROUP BY day ORDER BY day;";
                command.Parameters.AddWithValue("$from", filter.From is { } from ? Day(from) : string.Empty);
                command.Parameters.AddWithValue("$to", filter.To is { } to ? Day(to) : "9999-12-32");
            }
            else
            {
                var user = SqliteRollups.ContextText("$user_path");
                var where = SqliteFilterSql.Where(command, filter, false, $"{user} IS NOT NULL");
                command.CommandText = $"SELECT substr(timestamp, 1, 10) AS day, count(DISTINCT {user}) FROM {db.Table} {where} GROUP BY day ORDER BY day;";
                command.Parameters.AddWithValue("$user_path", SqliteRollups.KeyPath(query.UserKey));
            }

            var result = new List<DailyUserCount>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    result.Add(new DailyUserCount(DateOnly.ParseExact(reader.GetString(0), "yyyy-MM-dd", CultureInfo.InvariantCulture), reader.GetInt64(1)));
                }
            }

            return result;
        }
    }

    /// <summary>Counts by (first <paramref name="length"/> characters of the timestamp, name).</summary>
    private static async Task<Dictionary<(string Bucket, string Name), long>> SliceAsync(
        SqliteReadConnection db, EventFilter filter, int length, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<(string Bucket, string Name), long>();
        if (!db.HasRollups || SqliteFilterSql.HasContext(filter))
        {
            await AddEventsAsync(db, filter, length, counts, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await AddLevelAsync(db, filter, length, length <= 13 ? Level.Hours : Level.Minutes, counts, cancellationToken).ConfigureAwait(false);
        }

        return counts;
    }

    // Whole units [first, last) come from the level's summary; the partial units before and after from the level below.
    private static async Task AddLevelAsync(
        SqliteReadConnection db, EventFilter filter, int length, Level level, Dictionary<(string Bucket, string Name), long> counts, CancellationToken cancellationToken)
    {
        if (level == Level.Events)
        {
            await AddEventsAsync(db, filter, length, counts, cancellationToken).ConfigureAwait(false);
            return;
        }

        var below = level == Level.Hours ? Level.Minutes : Level.Events;
        var unit = level == Level.Hours ? TimeBucket.Hour : TimeBucket.Minute;
        var first = filter.From is { } from ? Ceiling(from, unit) : (DateTimeOffset?)null;
        var last = filter.To is { } to ? EventCountQuery.BucketStart(to, unit) : (DateTimeOffset?)null;
        if (first is not null && last is not null && last < first)
        {
            await AddLevelAsync(db, filter, length, below, counts, cancellationToken).ConfigureAwait(false);
            return;
        }

        var (table, column, format) = level == Level.Hours
            ? (SqliteRollups.Hours(db.TableName), "hour", "yyyy-MM-dd'T'HH")
            : (SqliteRollups.Minutes(db.TableName), "minute", MinuteFormat);
        var command = db.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            var extra = new List<string>();
            if (first is { } f)
            {
                extra.Add($"{column} >= $first");
                command.Parameters.AddWithValue("$first", f.ToString(format, CultureInfo.InvariantCulture));
            }

            if (last is { } l)
            {
                extra.Add($"{column} < $last");
                command.Parameters.AddWithValue("$last", l.ToString(format, CultureInfo.InvariantCulture));
            }

            var where = SqliteFilterSql.Where(command, filter, true, [.. extra]);
            command.CommandText = $"SELECT substr({column}, 1, {length}), name, sum(count) FROM {table} {where} GROUP BY 1, 2;";
            await ReadCountsAsync(command, counts, cancellationToken).ConfigureAwait(false);
        }

        if (first is { } start && filter.From < start)
        {
            await AddLevelAsync(db, filter with { To = start }, length, below, counts, cancellationToken).ConfigureAwait(false);
        }

        if (last is { } end && filter.To > end)
        {
            await AddLevelAsync(db, filter with { From = end }, length, below, counts, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task AddEventsAsync(
        SqliteReadConnection db, EventFilter filter, int length, Dictionary<(string Bucket, string Name), long> counts, CancellationToken cancellationToken)
    {
        var command = db.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            var where = SqliteFilterSql.Where(command, filter);
            command.CommandText = $"SELECT substr(timestamp, 1, {length}), name, count(*) FROM {db.Table} {where} GROUP BY 1, 2;";
            await ReadCountsAsync(command, counts, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task ReadCountsAsync(SqliteCommand command, Dictionary<(string Bucket, string Name), long> counts, CancellationToken cancellationToken)
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var key = (reader.GetString(0), reader.GetString(1));
                counts[key] = counts.GetValueOrDefault(key) + reader.GetInt64(2);
            }
        }
    }

    private static async Task<long> ScalarAsync(SqliteReadConnection db, string sql, EventFilter filter, bool namesOnly, CancellationToken cancellationToken)
    {
        var command = db.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = string.Format(CultureInfo.InvariantCulture, sql, SqliteFilterSql.Where(command, filter, namesOnly));
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }
    }

    private static DateTimeOffset ParseBucket(string bucket) => DateTimeOffset.ParseExact(
        bucket.Length switch { 16 => bucket, 13 => bucket + ":00", _ => bucket + "T00:00" },
        MinuteFormat,
        CultureInfo.InvariantCulture,
        DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static DateTimeOffset Ceiling(DateTimeOffset t, TimeBucket unit)
    {
        var floor = EventCountQuery.BucketStart(t, unit);
        return floor == t ? floor : floor + EventCountQuery.LengthOf(unit);
    }

    private static bool IsDay(DateTimeOffset? t) => t is not { } value || value.UtcTicks % TimeSpan.TicksPerDay == 0;

    private static string Day(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private enum Level
    {
        Events,
        Minutes,
        Hours,
    }
}
