using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace EventTracking;

/// <summary>
/// Which <see cref="MeterInstruments"/> a component records on. Code without dependency injection uses the library's own
/// <c>EventTracking</c> meter; a container builds its tracker inside <see cref="Enter"/> (through
/// <see cref="EventTrackingDiagnostics.UseMeterFactory"/>), so what it builds keeps the meter of the container's
/// <see cref="IMeterFactory"/>. Components read <see cref="Current"/> once, when they are constructed.
/// </summary>
internal static class Metrics
{
    private static readonly Lock Gate = new();
    private static readonly ConditionalWeakTable<Meter, MeterInstruments> ByMeter = new();
    private static readonly Lazy<MeterInstruments> Library = new(() => new MeterInstruments(new Meter(EventTrackingDiagnostics.MeterName, Version)));

    // Thread-static, not AsyncLocal: a build is synchronous, and the scope must not flow into workers it starts.
    [ThreadStatic]
    private static MeterInstruments? _building;

    /// <summary>The set of the container building on this thread, otherwise the library's own.</summary>
    public static MeterInstruments Current => _building ?? Library.Value;

    /// <summary>The current set's meter (the library's own outside a container's build).</summary>
    public static Meter Meter => Current.Meter;

    public static Counter<long> Dropped => Current.Dropped;

    public static Counter<long> BackendFailures => Current.BackendFailures;

    public static Histogram<double> BatchDuration => Current.BatchDuration;

    public static ObservableGauge<long> QueueDepth => Current.QueueDepth;

    /// <summary>The set on the <c>EventTracking</c> meter that <paramref name="factory"/> creates; one per meter.</summary>
    public static MeterInstruments For(IMeterFactory factory)
    {
        var meter = factory.Create(new MeterOptions(EventTrackingDiagnostics.MeterName) { Version = Version });
        lock (Gate)
        {
            if (!ByMeter.TryGetValue(meter, out var instruments))
            {
                instruments = new MeterInstruments(meter, factory);
                ByMeter.Add(meter, instruments);
            }

            return instruments;
        }
    }

    /// <summary>Makes <paramref name="instruments"/> current on this thread until the returned scope is disposed.</summary>
    public static IDisposable Enter(MeterInstruments instruments)
    {
        var scope = new MeterScope(_building);
        _building = instruments;
        return scope;
    }

    /// <summary>Counts a drop on the current set (see <see cref="EventTrackingDiagnostics.CountDropped"/>).</summary>
    public static void CountDropped(string reason, string? where = null, long count = 1) => Current.CountDropped(reason, where, count);

    private static string? Version => typeof(Metrics).Assembly.GetName().Version?.ToString();

    /// <summary>Restores the set that was current before <see cref="Enter"/>.</summary>
    private sealed class MeterScope(MeterInstruments? previous) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _building = previous;
            }
        }
    }
}
