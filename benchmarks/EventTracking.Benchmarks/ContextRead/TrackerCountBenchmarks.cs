using BenchmarkDotNet.Attributes;

namespace EventTracking.Benchmarks.ContextRead;

/// <summary>
/// Cost against the number of trackers and idle async nodes in the process: <see cref="Trackers"/> other trackers exist,
/// each with an idle <see cref="AsyncRoutingBackend"/> (its worker waiting), while one tracker runs the per-event case
/// (two contexts pushed, one event read as JSON, contexts popped).
/// </summary>
[MemoryDiagnoser]
public class TrackerCountBenchmarks
{
    private readonly List<Tracker> _idle = [];
    private ReadingPeers _peers = null!;

    /// <summary>How many other trackers, each with one idle async node.</summary>
    [Params(0, 10, 100)]
    public int Trackers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _peers = new ReadingPeers();
        for (var i = 0; i < Trackers; i++)
        {
            var node = new AsyncRoutingBackend([new("count", new CountingBatchBackend())], options: new AsyncRoutingOptions { Name = $"idle{i}" });
            _idle.Add(new Tracker(new RoutingBackend([new("store", node)])));
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        foreach (var tracker in _idle)
        {
            await tracker.DisposeAsync();
        }
    }

    [Benchmark(Description = "EventTracking: Context x2 + Emit, EventJson.Write")]
    public long EventTracking()
    {
        var tracker = _peers.Tracker;
        using (tracker.Context("request", new { user_id = 10938 }))
        using (tracker.Context("session", new { session_id = "2987lkjdyoioey" }))
        {
            tracker.Emit("navigation.request", new { url = "http://www.edx.org/some/path/1" });
        }

        return _peers.Scratch.Written;
    }
}
