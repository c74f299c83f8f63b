using BenchmarkDotNet.Attributes;

namespace EventTracking.Benchmarks.ContextRead;

/// <summary>
/// Cost against event size: two contexts pushed, one event whose data is a caller's dictionary of short strings making
/// about <see cref="Bytes"/> bytes of JSON, read as JSON by the backend; beside the hand-written floor (which copies the
/// caller's dictionary too, since the caller may change it afterwards).
/// </summary>
[MemoryDiagnoser]
public class EventSizeBenchmarks
{
    private Dictionary<string, object?> _data = null!;
    private ReadingPeers _peers = null!;

    /// <summary>The approximate size of the event's data as JSON.</summary>
    [Params(100, 1_000, 10_000)]
    public int Bytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _peers = new ReadingPeers();

        // Each entry is about 26 bytes of JSON: "f0001":"value-0000000001",
        _data = Enumerable.Range(0, Math.Max(1, Bytes / 26))
            .ToDictionary(i => $"f{i:D4}", i => (object?)$"value-{i:D10}");
    }

    [Benchmark(Baseline = true, Description = "EventTracking: Context x2 + Emit(dictionary), EventJson.Write")]
    public long EventTracking()
    {
        var tracker = _peers.Tracker;
        using (tracker.Context("request", new { user_id = 10938 }))
        using (tracker.Context("session", new { session_id = "2987lkjdyoioey" }))
        {
            tracker.Emit("navigation.request", _data);
        }

        return _peers.Scratch.Written;
    }

    [Benchmark(Description = "hand-written floor")]
    public long Floor()
    {
        var floor = _peers.Floor;
        using (floor.Push([new("user_id", 10938)]))
        using (floor.Push([new("session_id", "2987lkjdyoioey")]))
        {
            floor.Emit("navigation.request", _data.ToArray());
        }

        return _peers.Scratch.Written;
    }
}
