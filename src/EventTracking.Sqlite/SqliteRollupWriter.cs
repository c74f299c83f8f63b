using Microsoft.Data.Sqlite;

namespace EventTracking;

/// <summary>
/// Adds a batch's inserted events to the summary tables (<see cref="SqliteRollups"/>) inside the batch's transaction:
/// the batch is first folded in memory, so a batch of many events of few names in the same minute costs a few upserts.
/// Folding keeps UTC ticks and the user values as events hold them; the summaries' texts (minute, hour, first and last seen) and the user hashes
/// are made once per distinct key when the batch is flushed. Canonical timestamps are fixed-width, so their ordinal
/// order is the order of the ticks. Not thread-safe; used under the backend's write lock.
/// </summary>
internal sealed class SqliteRollupWriter : IDisposable
{
    private readonly string _userKey;
    private readonly SqliteCommand _minute;
    private readonly SqliteCommand _hour;
    private readonly SqliteCommand _name;
    private readonly SqliteCommand _user;
    private readonly Dictionary<(long Minute, string Name), long> _minutes = [];
    private readonly Dictionary<(long Hour, string Name), long> _hours = [];
    private readonly Dictionary<string, (long Count, long First, long Last)> _names = new(StringComparer.Ordinal);
    // The user values as the events hold them (a boxed number equals another of the same value); their text and hash
    // are computed once per distinct value when the batch is written, not per event.
    private readonly HashSet<(long Day, object User)> _users = [];

    public SqliteRollupWriter(SqliteConnection connection, string table, string userKey)
    {
        _userKey = userKey;
        _minute = Prepare(
            connection,
            $"INSERT INTO {SqliteRollups.Minutes(table)} (minute, name, count) VALUES ($a, $b, $c) ON CONFLICT (minute, name) DO UPDATE SET count = count + excluded.count;",
            3);
        _hour = Prepare(
            connection,
            $"INSERT INTO {SqliteRollups.Hours(table)} (hour, name, count) VALUES ($a, $b, $c) ON CONFLICT (hour, name) DO UPDATE SET count = count + excluded.count;",
            3);
        _name = Prepare(
            connection,
            $"""
            INSERT INTO {SqliteRollups.Names(table)} (name, count, first_seen, last_seen) VALUES ($a, $b, $c, $d)
            ON CONFLICT (name) DO UPDATE SET count = count + excluded.count,
                first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen);
            """,
            4);
        _user = Prepare(connection, $"INSERT OR IGNORE INTO {SqliteRollups.Users(table)} (day, user) VALUES ($a, $b);", 2);
    }

    /// <summary>Folds one inserted event in.</summary>
    public void Add(TrackingEvent evt)
    {
        // The timestamp as stored: microseconds, so ticks below a microsecond never count.
        var ticks = evt.Timestamp.UtcTicks;
        ticks -= ticks % 10;
        var minuteKey = (ticks - (ticks % TimeSpan.TicksPerMinute), evt.Name);
        _minutes[minuteKey] = _minutes.GetValueOrDefault(minuteKey) + 1;
        var hourKey = (ticks - (ticks % TimeSpan.TicksPerHour), evt.Name);
        _hours[hourKey] = _hours.GetValueOrDefault(hourKey) + 1;
        _names[evt.Name] = _names.TryGetValue(evt.Name, out var seen)
            ? (seen.Count + 1, Math.Min(ticks, seen.First), Math.Max(ticks, seen.Last))
            : (1, ticks, ticks);
        if (evt.Context.TryGetValue(_userKey, out var user) && user is not null)
        {
            _users.Add((ticks - (ticks % TimeSpan.TicksPerDay), user));
        }
    }

    /// <summary>Writes what was folded in, in the given transaction, and forgets it.</summary>
    public void Flush(SqliteTransaction transaction)
    {
        try
        {
            foreach (var ((minute, name), count) in _minutes)
            {
                Run(_minute, transaction, Timestamp(minute)[..16], name, count);
            }

            foreach (var ((hour, name), count) in _hours)
            {
                Run(_hour, transaction, Timestamp(hour)[..13], name, count);
            }

            foreach (var (name, (count, first, last)) in _names)
            {
                Run(_name, transaction, name, count, Timestamp(first), Timestamp(last));
            }

            foreach (var (day, user) in _users)
            {
                if (UserText(user) is { } text)
                {
                    Run(_user, transaction, Timestamp(day)[..10], SqliteRollups.UserHash(text));
                }
            }
        }
        finally
        {
            Clear();
        }
    }

    /// <summary>Forgets what was folded in (the batch was rolled back).</summary>
    public void Clear()
    {
        _minutes.Clear();
        _hours.Clear();
        _names.Clear();
        _users.Clear();
    }

    public void Dispose()
    {
        _minute.Dispose();
        _hour.Dispose();
        _name.Dispose();
        _user.Dispose();
    }

    /// <summary>The user text the summaries and the readers agree on; see <see cref="SqliteRollups.ContextText"/>.</summary>
    internal static string? UserText(object? value) => value switch
    {
        null or IReadOnlyDictionary<string, object?> or IReadOnlyList<object?> => null,
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
        float f => f.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => EventJson.FormatScalar(value),
    };

    private static string Timestamp(long utcTicks) => EventJson.FormatTimestamp(new DateTimeOffset(utcTicks, TimeSpan.Zero));

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < parameters; i++)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = "$" + (char)('a' + i) });
        }

        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, SqliteTransaction transaction, params object[] values)
    {
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        command.ExecuteNonQuery();
    }
}
