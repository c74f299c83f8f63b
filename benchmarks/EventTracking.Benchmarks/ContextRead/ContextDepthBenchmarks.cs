using BenchmarkDotNet.Attributes;

namespace EventTracking.Benchmarks.ContextRead;

/// <summary>
/// Cost against context depth: <see cref="Frames"/> nested contexts (one distinct key each) pushed, one event read as
/// JSON by the backend, contexts popped; beside the hand-written floor doing the same.
/// </summary>
[MemoryDiagnoser]
public class ContextDepthBenchmarks
{
    private const string Url = "http://www.edx.org/some/path/1";

    private static readonly Func<int, object>[] Values =
    [
        i => new { k0 = i }, i => new { k1 = i }, i => new { k2 = i }, i => new { k3 = i }, i => new { k4 = i },
        i => new { k5 = i }, i => new { k6 = i }, i => new { k7 = i }, i => new { k8 = i }, i => new { k9 = i },
    ];

    private static readonly string[] Names = ["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"];
    private static readonly string[] Keys = ["k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9"];

    private readonly IDisposable[] _scopes = new IDisposable[10];
    private readonly HandWrittenFloor.Scope[] _floorScopes = new HandWrittenFloor.Scope[10];
    private ReadingPeers _peers = null!;

    /// <summary>How many contexts are pushed around the event.</summary>
    [Params(1, 2, 5, 10)]
    public int Frames { get; set; }

    [GlobalSetup]
    public void Setup() => _peers = new ReadingPeers();

    [Benchmark(Baseline = true, Description = "EventTracking: Context xN + Emit, EventJson.Write")]
    public long EventTracking()
    {
        var tracker = _peers.Tracker;
        for (var i = 0; i < Frames; i++)
        {
            _scopes[i] = tracker.Context(Names[i], Values[i](i));
        }

        tracker.Emit("navigation.request", new { url = Url });
        for (var i = Frames - 1; i >= 0; i--)
        {
            _scopes[i].Dispose();
        }

        return _peers.Scratch.Written;
    }

    [Benchmark(Description = "hand-written floor")]
    public long Floor()
    {
        var floor = _peers.Floor;
        for (var i = 0; i < Frames; i++)
        {
            _floorScopes[i] = floor.Push([new(Keys[i], i)]);
        }

        floor.Emit("navigation.request", [new("url", Url)]);
        for (var i = Frames - 1; i >= 0; i--)
        {
            _floorScopes[i].Dispose();
        }

        return _peers.Scratch.Written;
    }
}
