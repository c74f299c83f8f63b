using BenchmarkDotNet.Attributes;

namespace EventTracking.Benchmarks.ContextRead;

/// <summary>
/// The backend reads the merged context without serializing it, per event: two nested contexts pushed, one event
/// through a regex-allowlist router into a reader that reads every key and value of the context and data (and the id,
/// name and timestamp), contexts popped. Every peer does the same work in the same run. This is issue 20's first
/// table; <see cref="ContextReadPerEventBenchmarks"/> adds the JSON writing every serializing backend does on top.
/// </summary>
[MemoryDiagnoser]
public class ContextWalkPerEventBenchmarks
{
    private ReadingPeers _peers = null!;

    [GlobalSetup]
    public void Setup() => _peers = new ReadingPeers(walk: true);

    [Benchmark(Description = "EventTracking: foreach over Context + Data")]
    public long EventTracking() => _peers.PushEmitPop(_peers.Tracker);

    [Benchmark(Baseline = true, Description = "Serilog: PushProperty x2 + Information, sink reads properties")]
    public long Serilog() => _peers.PushLogPopSerilog();

    [Benchmark(Description = "M.E.Logging: BeginScope x2 + LogInformation, provider reads scopes")]
    public long MicrosoftLogging() => _peers.PushLogPopMicrosoft();

    [Benchmark(Description = "hand-written floor")]
    public long Floor() => _peers.PushEmitPopFloor();
}
