using Microsoft.Data.Sqlite;

namespace EventTracking;

/// <summary>
/// Adds a batch's inserted events to the summary tables (<see cref="SqliteRollups"/>) inside the batch's transaction:
/// the batch is first folded in memory, so a batch of many events of few names in the same minute costs a few upserts.
/// Not thread-safe; used under the backend's write lock.
/// </summary>
internal sealed class SqliteRollupWriter : IDisposable
{
    private readonly string _userKey;
    private readonly SqliteCommand _minute;
    private readonly SqliteCommand _hour;
    private readonly SqliteCommand _name;
    private readonly SqliteCommand _user;
    private readonly Dictionary<(string Minute, string Name), long> _minutes = [];
    private readonly Dictionary<(string Hour, string Name), long> _hours = [];
    private readonly Dictionary<string, (long Count, string First, string Last)> _names = new(StringComparer.Ordinal);
    // The user values as the events hold them (a boxed number equals another of the same value); their text and hash
    // are computed once per distinct value when the batch is written, not per event.
    private readonly HashSet<(string Day, object User)> _users = [];

    // Consecutive events of a batch mostly share their minute: the last prefixes are reused instead of cut again.
    private string _lastMinute = "", _lastHour = "", _lastDay = "";

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
    public void Add(TrackingEvent evt, string timestamp)
    {
        var minuteKey = (Prefix(ref _lastMinute, timestamp, 16), evt.Name);
        _minutes[minuteKey] = _minutes.GetValueOrDefault(minuteKey) + 1;
        var hourKey = (Prefix(ref _lastHour, timestamp, 13), evt.Name);
        _hours[hourKey] = _hours.GetValueOrDefault(hourKey) + 1;
        _names[evt.Name] = _names.TryGetValue(evt.Name, out var seen)
            ? (seen.Count + 1, string.CompareOrdinal(timestamp, seen.First) < 0 ? timestamp : seen.First, string.CompareOrdinal(timestamp, seen.Last) > 0 ? timestamp : seen.Last)
            : (1, timestamp, timestamp);
        if (evt.Context.TryGetValue(_userKey, out var user) && user is not null)
        {
            _users.Add((Prefix(ref _lastDay, timestamp, 10), user));
        }
    }

    /// <summary>Writes what was folded in, in the given transaction, and forgets it.</summary>
    public void Flush(SqliteTransaction transaction)
    {
        try
        {
            foreach (var ((minute, name), count) in _minutes)
            {
                Run(_minute, transaction, minute, name, count);
            }

            foreach (var ((hour, name), count) in _hours)
            {
                Run(_hour, transaction, hour, name, count);
            }

            foreach (var (name, (count, first, last)) in _names)
            {
                Run(_name, transaction, name, count, first, last);
            }

            foreach (var (day, user) in _users)
            {
                if (UserText(user) is { } text)
                {
                    Run(_user, transaction, day, SqliteRollups.UserHash(text));
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

    private static string Prefix(ref string last, string timestamp, int length)
    {
        if (!timestamp.AsSpan(0, length).SequenceEqual(last))
        {
            last = timestamp[..length];
        }

        return last;
    }

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
