using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;
using Serilog.Context;

namespace EventTracking.Benchmarks.ContextRead;

/// <summary>
/// The backend reads the merged context, per event: two nested contexts pushed, one event through a regex-allowlist
/// router into a backend that writes the event with its context and data as JSON, contexts popped. Every peer does the
/// same work in the same run.
/// </summary>
[MemoryDiagnoser]
public class ContextReadPerEventBenchmarks
{
    private const string Url = "http://www.edx.org/some/path/1";

    private ReadingPeers _peers = null!;

    [GlobalSetup]
    public void Setup() => _peers = new ReadingPeers();

    [Benchmark(Description = "EventTracking: EventJson.Write reads context + data")]
    public long EventTracking() => Emit(_peers.Tracker);

    [Benchmark(Description = "EventTracking: foreach over Context + Data")]
    public long EventTrackingForeach() => Emit(_peers.EnumeratingTracker);

    [Benchmark(Description = "EventTracking: backend ignores the context")]
    public long EventTrackingIgnoring() => Emit(_peers.IgnoringTracker);

    [Benchmark(Baseline = true, Description = "Serilog: PushProperty x2 + Information, sink writes properties")]
    public long Serilog()
    {
        using (LogContext.PushProperty("user_id", 10938))
        using (LogContext.PushProperty("session_id", "2987lkjdyoioey"))
        {
            _peers.Serilog.Information("navigation.request {url}", Url);
        }

        return _peers.Scratch.Written;
    }

    [Benchmark(Description = "M.E.Logging: BeginScope x2 + LogInformation, provider writes scopes")]
    public long MicrosoftLogging()
    {
        var logger = _peers.MicrosoftLogging;
        using (logger.BeginScope(new Dictionary<string, object> { ["user_id"] = 10938 }))
        using (logger.BeginScope(new Dictionary<string, object> { ["session_id"] = "2987lkjdyoioey" }))
        {
            logger.LogInformation("navigation.request {url}", Url);
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
            floor.Emit("navigation.request", [new("url", Url)]);
        }

        return _peers.Scratch.Written;
    }

    private long Emit(Tracker tracker)
    {
        using (tracker.Context("request", new { user_id = 10938 }))
        using (tracker.Context("session", new { session_id = "2987lkjdyoioey" }))
        {
            tracker.Emit("navigation.request", new { url = Url });
        }

        return _peers.Scratch.Written;
    }
}
