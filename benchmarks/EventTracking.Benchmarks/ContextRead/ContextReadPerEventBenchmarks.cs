using BenchmarkDotNet.Attributes;

namespace EventTracking.Benchmarks.ContextRead;

/// <summary>
/// The backend reads the merged context, per event: two nested contexts pushed, one event through a regex-allowlist
/// router into a backend that writes the event with its context and data as JSON, contexts popped. Every peer does the
/// same work in the same run.
/// </summary>
[MemoryDiagnoser]
public class ContextReadPerEventBenchmarks
{
    private ReadingPeers _peers = null!;

    [GlobalSetup]
    public void Setup() => _peers = new ReadingPeers();

    [Benchmark(Description = "EventTracking: EventJson.Write reads context + data")]
    public long EventTracking() => _peers.PushEmitPop(_peers.Tracker);

    [Benchmark(Description = "EventTracking: foreach over Context + Data")]
    public long EventTrackingForeach() => _peers.PushEmitPop(_peers.EnumeratingTracker);

    [Benchmark(Description = "EventTracking: backend ignores the context")]
    public long EventTrackingIgnoring() => _peers.PushEmitPop(_peers.IgnoringTracker);

    [Benchmark(Baseline = true, Description = "Serilog: PushProperty x2 + Information, sink writes properties")]
    public long Serilog() => _peers.PushLogPopSerilog();

    [Benchmark(Description = "M.E.Logging: BeginScope x2 + LogInformation, provider writes scopes")]
    public long MicrosoftLogging() => _peers.PushLogPopMicrosoft();

    [Benchmark(Description = "hand-written floor")]
    public long Floor() => _peers.PushEmitPopFloor();
}
