using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;
using Serilog.Context;

namespace EventTracking.Benchmarks.ContextRead;

/// <summary>
/// The backend reads the merged context, steady state: the two contexts are entered once (as for a long request) and
/// only the event is measured, through the regex-allowlist router into the JSON-writing reader.
/// </summary>
[MemoryDiagnoser]
public class ContextReadSteadyStateBenchmarks
{
    private const string Url = "http://www.edx.org/some/path/1";

    private readonly List<IDisposable> _scopes = [];
    private ReadingPeers _peers = null!;

    [GlobalSetup]
    public void Setup()
    {
        _peers = new ReadingPeers();
        foreach (var tracker in new[] { _peers.Tracker, _peers.EnumeratingTracker })
        {
            _scopes.Add(tracker.Context("request", new { user_id = 10938 }));
            _scopes.Add(tracker.Context("session", new { session_id = "2987lkjdyoioey" }));
        }

        _scopes.Add(LogContext.PushProperty("user_id", 10938));
        _scopes.Add(LogContext.PushProperty("session_id", "2987lkjdyoioey"));
        _scopes.Add(_peers.MicrosoftLogging.BeginScope(new Dictionary<string, object> { ["user_id"] = 10938 })!);
        _scopes.Add(_peers.MicrosoftLogging.BeginScope(new Dictionary<string, object> { ["session_id"] = "2987lkjdyoioey" })!);
        _scopes.Add(_peers.Floor.Push([new("user_id", 10938)]));
        _scopes.Add(_peers.Floor.Push([new("session_id", "2987lkjdyoioey")]));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        for (var i = _scopes.Count - 1; i >= 0; i--)
        {
            _scopes[i].Dispose();
        }
    }

    [Benchmark(Description = "EventTracking: Emit, EventJson.Write reads context + data")]
    public long EventTracking()
    {
        _peers.Tracker.Emit("navigation.request", new { url = Url });
        return _peers.Scratch.Written;
    }

    [Benchmark(Description = "EventTracking: Emit, foreach over Context + Data")]
    public long EventTrackingForeach()
    {
        _peers.EnumeratingTracker.Emit("navigation.request", new { url = Url });
        return _peers.Scratch.Written;
    }

    [Benchmark(Baseline = true, Description = "Serilog: Information, sink writes properties")]
    public long Serilog()
    {
        _peers.Serilog.Information("navigation.request {url}", Url);
        return _peers.Scratch.Written;
    }

    [Benchmark(Description = "M.E.Logging: LogInformation, provider writes scopes")]
    public long MicrosoftLogging()
    {
        _peers.MicrosoftLogging.LogInformation("navigation.request {url}", Url);
        return _peers.Scratch.Written;
    }

    [Benchmark(Description = "hand-written floor")]
    public long Floor()
    {
        _peers.Floor.Emit("navigation.request", [new("url", Url)]);
        return _peers.Scratch.Written;
    }
}
