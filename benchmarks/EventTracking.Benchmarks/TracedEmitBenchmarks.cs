using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using EventTracking.Benchmarks.ContextRead;

namespace EventTracking.Benchmarks;

/// <summary>
/// Emit inside a W3C <see cref="Activity"/> (as in every ASP.NET Core request), two contexts entered once: the event
/// carries the activity's trace and span ids in a frame of its own, which the events of one activity share.
/// </summary>
[MemoryDiagnoser]
public class TracedEmitBenchmarks
{
    private static readonly string Url = "http://www.edx.org/some/path/1";

    private readonly List<IDisposable> _scopes = [];
    private Tracker _ignoring = null!;
    private Tracker _writing = null!;
    private Activity _activity = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ignoring = ReadingPeers.TrackerInto(new NoopBackend());
        _writing = ReadingPeers.TrackerInto(new JsonWritingBackend(new JsonScratch()));
        foreach (var tracker in new[] { _ignoring, _writing })
        {
            _scopes.Add(tracker.Context("request", new { user_id = 10938 }));
            _scopes.Add(tracker.Context("session", new { session_id = "2987lkjdyoioey" }));
        }

        _activity = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _activity.Stop();
        ReadingPeers.ExitContexts(_scopes);
    }

    [Benchmark(Description = "EventTracking: Emit inside an activity, backend ignores the context")]
    public void Ignoring() => _ignoring.Emit("navigation.request", new { url = Url });

    [Benchmark(Description = "EventTracking: Emit inside an activity, EventJson.Write reads context + data")]
    public void Writing() => _writing.Emit("navigation.request", new { url = Url });
}
