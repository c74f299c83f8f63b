using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;

namespace EventTracking.Benchmarks;

/// <summary>
/// The SQLite store against the least a program could do for the same rows: <see cref="Events"/> emitted events (each
/// with the context and data of a small request) written in batches of 1,000, by <see cref="SqliteBackend.SendBatchAsync"/>
/// and by a hand-written loop (one prepared INSERT, one transaction per batch, canonical JSON through one reused
/// writer). Divide by the mean time for rows per second.
/// </summary>
[MemoryDiagnoser]
public class SqliteStoreBenchmarks
{
    /// <summary>Rows written per operation.</summary>
    public const int Events = 20_000;

    private const int BatchSize = 1_000;

    private readonly List<TrackingEvent[]> _batches = [];
    private string _directory = null!;
    private SqliteBackend _backend = null!;
    private SqliteConnection _floor = null!;
    private SqliteCommand _insert = null!;
    private int _round;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("eventtracking-store-").FullName;
        _backend = new SqliteBackend(Path.Combine(_directory, "backend.db"));
        _floor = new SqliteConnection($"Data Source={Path.Combine(_directory, "floor.db")};Pooling=False");
        _floor.Open();
        using (var setup = _floor.CreateCommand())
        {
            setup.CommandText = """
                PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
                CREATE TABLE events (id TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL, timestamp TEXT NOT NULL, context TEXT NOT NULL, data TEXT NOT NULL);
                CREATE INDEX events_name_idx ON events (name); CREATE INDEX events_timestamp_idx ON events (timestamp);
                """;
            setup.ExecuteNonQuery();
        }

        _insert = _floor.CreateCommand();
        _insert.CommandText = "INSERT INTO events (id, name, timestamp, context, data) VALUES ($id, $name, $timestamp, $context, $data) ON CONFLICT (id) DO NOTHING;";
        foreach (var name in new[] { "$id", "$name", "$timestamp", "$context", "$data" })
        {
            _insert.Parameters.Add(name, SqliteType.Text);
        }

        _insert.Prepare();
    }

    [IterationSetup]
    public void MakeEvents()
    {
        // Fresh ids every round, so both sides insert every row.
        _batches.Clear();
        var memory = new InMemoryBackend();
        var tracker = new Tracker(new RoutingBackend([new("memory", memory)]), new TrackerOptions { Context = new { application = "bench" } });
        for (var i = 0; i < Events; i++)
        {
            using (tracker.Context("request", new { user_id = i % 100, request_id = _round * Events + i }))
            {
                tracker.Emit("navigation.request", new { url = "/some/path", i });
            }
        }

        _round++;
        for (var i = 0; i < Events; i += BatchSize)
        {
            _batches.Add(memory.Events.Skip(i).Take(BatchSize).ToArray());
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _backend.Dispose();
        _insert.Dispose();
        _floor.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events, Description = "hand-written batched INSERT loop")]
    public void Floor()
    {
        var json = new ContextRead.JsonScratch();
        foreach (var batch in _batches)
        {
            using var transaction = _floor.BeginTransaction(deferred: false);
            _insert.Transaction = transaction;
            foreach (var evt in batch)
            {
                _insert.Parameters[0].Value = evt.Id.ToString();
                _insert.Parameters[1].Value = evt.Name;
                _insert.Parameters[2].Value = EventJson.FormatTimestamp(evt.Timestamp);
                _insert.Parameters[3].Value = Json(json, evt.Context);
                _insert.Parameters[4].Value = Json(json, evt.Data);
                _insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "SqliteBackend.SendBatchAsync")]
    public async Task Backend()
    {
        foreach (var batch in _batches)
        {
            await _backend.SendBatchAsync(batch, CancellationToken.None);
        }
    }

    private static string Json(ContextRead.JsonScratch scratch, IReadOnlyDictionary<string, object?> values)
    {
        EventJson.WriteValue(scratch.Begin(), values);
        scratch.End();
        return System.Text.Encoding.UTF8.GetString(scratch.WrittenSpan);
    }
}
