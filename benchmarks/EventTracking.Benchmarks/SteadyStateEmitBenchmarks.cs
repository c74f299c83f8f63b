using BenchmarkDotNet.Attributes;
using EventTracking.Benchmarks.ContextRead;
using Microsoft.Extensions.Logging;
using Serilog.Context;

namespace EventTracking.Benchmarks;

/// <summary>Two contexts entered once (as for a long request); only the emit is measured.</summary>
[MemoryDiagnoser]
public class SteadyStateEmitBenchmarks
{
    private static readonly string Url = "http://www.edx.org/some/path/1";

    private readonly List<IDisposable> _scopes = [];
    private Tracker _tracker = null!;
    private Serilog.ILogger _serilog = null!;
    private Microsoft.Extensions.Logging.ILogger _logger = null!;

    [GlobalSetup]
    public void Setup()
    {
        var router = new RoutingBackend([new("noop", new NoopBackend())], [new RegexFilter(RegexFilterType.Allowlist, [@"^navigation\."])]);
        _tracker = new Tracker(new RoutingBackend([new("logs", router)]));
        _serilog = Peers.Serilog();
        _logger = Peers.MicrosoftLogging();
        _scopes.Add(_tracker.Context("request", new { user_id = 10938 }));
        _scopes.Add(_tracker.Context("session", new { session_id = "2987lkjdyoioey" }));
        _scopes.Add(LogContext.PushProperty("user_id", 10938));
        _scopes.Add(LogContext.PushProperty("session_id", "2987lkjdyoioey"));
        _scopes.Add(_logger.BeginScope(new Dictionary<string, object> { ["user_id"] = 10938 })!);
        _scopes.Add(_logger.BeginScope(new Dictionary<string, object> { ["session_id"] = "2987lkjdyoioey" })!);
    }

    [GlobalCleanup]
    public void Cleanup() => ReadingPeers.ExitContexts(_scopes);

    [Benchmark(Description = "EventTracking: Emit")]
    public void EventTracking() => _tracker.Emit("navigation.request", new { url = Url });

    [Benchmark(Baseline = true, Description = "Serilog: Information")]
    public void Serilog() => _serilog.Information("navigation.request {Url}", Url);

    [Benchmark(Description = "M.E.Logging: LogInformation")]
    public void MicrosoftLogging() => _logger.LogInformation("navigation.request {Url}", Url);
}
