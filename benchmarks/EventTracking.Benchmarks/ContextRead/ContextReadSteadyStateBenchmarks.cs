using BenchmarkDotNet.Attributes;

namespace EventTracking.Benchmarks.ContextRead;

/// <summary>
/// The backend reads the merged context, steady state: the two contexts are entered once (as for a long request) and
/// only the event is measured, through the regex-allowlist router into the JSON-writing reader.
/// </summary>
[MemoryDiagnoser]
public class ContextReadSteadyStateBenchmarks
{
    private List<IDisposable> _scopes = [];
    private ReadingPeers _peers = null!;

    [GlobalSetup]
    public void Setup()
    {
        _peers = new ReadingPeers();
        _scopes = _peers.EnterContexts();
    }

    [GlobalCleanup]
    public void Cleanup() => ReadingPeers.ExitContexts(_scopes);

    [Benchmark(Description = "EventTracking: Emit, EventJson.Write reads context + data")]
    public long EventTracking() => _peers.Emit(_peers.Tracker);

    [Benchmark(Description = "EventTracking: Emit, foreach over Context + Data")]
    public long EventTrackingForeach() => _peers.Emit(_peers.EnumeratingTracker);

    [Benchmark(Baseline = true, Description = "Serilog: Information, sink writes properties")]
    public long Serilog() => _peers.LogSerilog();

    [Benchmark(Description = "M.E.Logging: LogInformation, provider writes scopes")]
    public long MicrosoftLogging() => _peers.LogMicrosoft();

    [Benchmark(Description = "hand-written floor")]
    public long Floor() => _peers.EmitFloor();
}
