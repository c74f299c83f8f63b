using BenchmarkDotNet.Attributes;

namespace EventTracking.Benchmarks.ContextRead;

/// <summary>
/// The backend reads the merged context without serializing it, steady state: the two contexts are entered once and
/// only the event is measured, through the regex-allowlist router into a reader of every key and value.
/// </summary>
[MemoryDiagnoser]
public class ContextWalkSteadyStateBenchmarks
{
    private List<IDisposable> _scopes = [];
    private ReadingPeers _peers = null!;

    [GlobalSetup]
    public void Setup()
    {
        _peers = new ReadingPeers(walk: true);
        _scopes = _peers.EnterContexts();
    }

    [GlobalCleanup]
    public void Cleanup() => ReadingPeers.ExitContexts(_scopes);

    [Benchmark(Description = "EventTracking: Emit, foreach over Context + Data")]
    public long EventTracking() => _peers.Emit(_peers.Tracker);

    [Benchmark(Baseline = true, Description = "Serilog: Information, sink reads properties")]
    public long Serilog() => _peers.LogSerilog();

    [Benchmark(Description = "M.E.Logging: LogInformation, provider reads scopes")]
    public long MicrosoftLogging() => _peers.LogMicrosoft();

    [Benchmark(Description = "hand-written floor")]
    public long Floor() => _peers.EmitFloor();
}
