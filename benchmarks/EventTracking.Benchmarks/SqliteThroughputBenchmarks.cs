using BenchmarkDotNet.Attributes;

namespace EventTracking.Benchmarks;

/// <summary>
/// Small events per second through <see cref="Tracker.Emit"/> into an <see cref="AsyncRoutingBackend"/> and on to
/// a <see cref="SqliteBackend"/> file database (WAL), with <c>synchronous=NORMAL</c> and <c>FULL</c>. Each operation
/// emits <see cref="Events"/> events and flushes; divide by the mean time for events per second.
/// </summary>
[MemoryDiagnoser]
public class SqliteThroughputBenchmarks
{
    /// <summary>Events emitted per operation.</summary>
    public const int Events = 100_000;

    private string _directory = null!;
    private SqliteBackend _sqlite = null!;
    private Tracker _tracker = null!;

    /// <summary>The SQLite durability setting.</summary>
    [Params(SqliteSynchronous.Normal, SqliteSynchronous.Full)]
    public SqliteSynchronous Synchronous { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("eventtracking-bench-").FullName;
        _sqlite = new SqliteBackend(new SqliteBackendOptions { Path = Path.Combine(_directory, "events.db"), Synchronous = Synchronous });
        var store = new AsyncRoutingBackend(
            [new("db", _sqlite)],
            options: new AsyncRoutingOptions { Capacity = Events, FullMode = QueueFullMode.Wait, MaxBatchSize = 1_000 });
        _tracker = new Tracker(new RoutingBackend([new("store", store)]), new TrackerOptions { Context = new { application = "bench" } });
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _tracker.DisposeAsync();
        await _sqlite.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "Emit -> AsyncRoutingBackend -> SqliteBackend")]
    public async Task EmitAndFlush()
    {
        using (_tracker.Context("request", new { user_id = 10938 }))
        {
            for (var i = 0; i < Events; i++)
            {
                _tracker.Emit("navigation.request", new { url = "/some/path", i });
            }
        }

        await _tracker.FlushAsync();
    }
}
