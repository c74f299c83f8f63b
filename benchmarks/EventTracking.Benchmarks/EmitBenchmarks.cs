using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;
using Serilog.Context;

namespace EventTracking.Benchmarks;

/// <summary>
/// Pushing contexts and emitting one event through a router with a regex allowlist into a no-op backend,
/// beside Serilog (LogContext.PushProperty + Information, Enrich.FromLogContext) and
/// Microsoft.Extensions.Logging (BeginScope + LogInformation, a provider that reads the scopes).
/// </summary>
[MemoryDiagnoser]
public class EmitBenchmarks
{
    private static readonly string Url = "http://www.edx.org/some/path/1";

    private Tracker _tracker = null!;
    private Serilog.ILogger _serilog = null!;
    private Microsoft.Extensions.Logging.ILogger _logger = null!;

    /// <summary>How many nested contexts are pushed around each emit.</summary>
    [Params(0, 2, 5)]
    public int Contexts { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var router = new RoutingBackend([new("noop", new NoopBackend())], [new RegexFilter(RegexFilterType.Allowlist, [@"^navigation\."])]);
        _tracker = new Tracker(new RoutingBackend([new("logs", router)]));
        _serilog = Peers.Serilog();
        _logger = Peers.MicrosoftLogging();
    }

    [Benchmark(Description = "EventTracking: Context xN + Emit")]
    public void EventTracking()
    {
        switch (Contexts)
        {
            case 0:
                _tracker.Emit("navigation.request", new { url = Url });
                break;
            case 2:
                using (_tracker.Context("request", new { user_id = 10938 }))
                using (_tracker.Context("session", new { session_id = "2987lkjdyoioey" }))
                {
                    _tracker.Emit("navigation.request", new { url = Url });
                }

                break;
            default:
                using (_tracker.Context("c1", new { a = 1 }))
                using (_tracker.Context("c2", new { b = 2 }))
                using (_tracker.Context("c3", new { c = 3 }))
                using (_tracker.Context("c4", new { d = 4 }))
                using (_tracker.Context("c5", new { e = 5 }))
                {
                    _tracker.Emit("navigation.request", new { url = Url });
                }

                break;
        }
    }

    [Benchmark(Baseline = true, Description = "Serilog: PushProperty xN + Information")]
    public void Serilog()
    {
        switch (Contexts)
        {
            case 0:
                _serilog.Information("navigation.request {Url}", Url);
                break;
            case 2:
                using (LogContext.PushProperty("user_id", 10938))
                using (LogContext.PushProperty("session_id", "2987lkjdyoioey"))
                {
                    _serilog.Information("navigation.request {Url}", Url);
                }

                break;
            default:
                using (LogContext.PushProperty("a", 1))
                using (LogContext.PushProperty("b", 2))
                using (LogContext.PushProperty("c", 3))
                using (LogContext.PushProperty("d", 4))
                using (LogContext.PushProperty("e", 5))
                {
                    _serilog.Information("navigation.request {Url}", Url);
                }

                break;
        }
    }

    [Benchmark(Description = "M.E.Logging: BeginScope xN + LogInformation")]
    public void MicrosoftLogging()
    {
        switch (Contexts)
        {
            case 0:
                _logger.LogInformation("navigation.request {Url}", Url);
                break;
            case 2:
                using (_logger.BeginScope(new Dictionary<string, object> { ["user_id"] = 10938 }))
                using (_logger.BeginScope(new Dictionary<string, object> { ["session_id"] = "2987lkjdyoioey" }))
                {
                    _logger.LogInformation("navigation.request {Url}", Url);
                }

                break;
            default:
                using (_logger.BeginScope(new Dictionary<string, object> { ["a"] = 1 }))
                using (_logger.BeginScope(new Dictionary<string, object> { ["b"] = 2 }))
                using (_logger.BeginScope(new Dictionary<string, object> { ["c"] = 3 }))
                using (_logger.BeginScope(new Dictionary<string, object> { ["d"] = 4 }))
                using (_logger.BeginScope(new Dictionary<string, object> { ["e"] = 5 }))
                {
                    _logger.LogInformation("navigation.request {Url}", Url);
                }

                break;
        }
    }
}
