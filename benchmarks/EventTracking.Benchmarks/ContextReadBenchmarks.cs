using BenchmarkDotNet.Attributes;

namespace EventTracking.Benchmarks;

/// <summary>What a backend pays to read an event's merged context.</summary>
[MemoryDiagnoser]
public class ContextReadBenchmarks
{
    private Tracker _tracker = null!;
    private IDisposable _outer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _tracker = new Tracker(new Dictionary<string, IEventBackend>(), options: new TrackerOptions { Context = new { application = "bench" } });
        _outer = _tracker.Context("request", new { user_id = 10938, course_id = "edX/101" });
    }

    [GlobalCleanup]
    public void Cleanup() => _outer.Dispose();

    [Benchmark(Description = "push a frame, merge the stack, pop")]
    public int MergeFreshFrame()
    {
        using (_tracker.Context("session", new { session_id = "2987lkjdyoioey", user_id = 11111 }))
        {
            return _tracker.ResolveContext().Count;
        }
    }

    [Benchmark(Description = "read the merged stack again (cached per frame)")]
    public int ReadCached() => _tracker.ResolveContext().Count;
}
