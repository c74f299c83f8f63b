using System.Diagnostics.Metrics;

namespace EventTracking;

/// <summary>
/// The instruments on the <c>EventTracking</c> meter. One meter per process, shared by every tracker: the library's
/// own until an application with dependency injection hands over its <see cref="IMeterFactory"/>
/// (<see cref="EventTrackingDiagnostics.UseMeterFactory"/>, which <c>AddEventTracking</c> calls).
/// </summary>
internal static class Metrics
{
    private static readonly Lock Gate = new();
    private static readonly List<IInstrumentSet> Extensions = [];
    private static MeterInstruments _current = new(CreateDefaultMeter(), ownsMeter: true);

    public static Meter Meter => Current.Meter;

    public static Counter<long> Emitted => Current.Emitted;

    public static Counter<long> Dropped => Current.Dropped;

    public static Counter<long> ProcessorFailures => Current.ProcessorFailures;

    public static Counter<long> BackendFailures => Current.BackendFailures;

    public static Counter<long> Delivered => Current.Delivered;

    public static Histogram<double> BatchDuration => Current.BatchDuration;

    public static ObservableGauge<long> QueueDepth => Current.QueueDepth;

    private static MeterInstruments Current => Volatile.Read(ref _current);

    /// <summary>Moves the instruments onto the meter <paramref name="factory"/> creates; the library's own meter is disposed.</summary>
    /// <returns>The factory's meter, to hand to <see cref="Release"/> when its container goes away.</returns>
    public static Meter Use(IMeterFactory factory)
    {
        var meter = factory.Create(new MeterOptions(EventTrackingDiagnostics.MeterName) { Version = Version });
        lock (Gate)
        {
            var previous = _current;
            if (ReferenceEquals(previous.Meter, meter))
            {
                return meter;
            }

            Volatile.Write(ref _current, new MeterInstruments(meter, ownsMeter: false));
            MoveExtensions(meter);
            if (previous.OwnsMeter)
            {
                // Its observable gauge would otherwise report every queue a second time.
                previous.Meter.Dispose();
            }
        }

        return meter;
    }

    /// <summary>
    /// When <paramref name="meter"/> (a container's, about to be disposed with it) is the one in use, the instruments
    /// move back onto a meter of the library's own, so trackers that outlive the container are still counted.
    /// </summary>
    public static void Release(Meter meter)
    {
        lock (Gate)
        {
            if (ReferenceEquals(_current.Meter, meter))
            {
                var instruments = new MeterInstruments(CreateDefaultMeter(), ownsMeter: true);
                Volatile.Write(ref _current, instruments);
                MoveExtensions(instruments.Meter);
            }
        }
    }

    /// <summary>Creates a package's instruments on the meter in use, and again on every meter the library moves to.</summary>
    public static EventTrackingInstruments<T> AddExtension<T>(Func<Meter, T> create)
        where T : class
    {
        lock (Gate)
        {
            var set = new EventTrackingInstruments<T>(create, _current.Meter);
            Extensions.Add(set);
            return set;
        }
    }

    public static void CountDropped(string reason, string? where = null, long count = 1)
    {
        Dropped.Add(count, new KeyValuePair<string, object?>(MetricTags.DropReason, reason), new KeyValuePair<string, object?>(MetricTags.Node, where));
    }

    public static void CountDropped(string reason, string where, string? backend, long count)
    {
        Dropped.Add(
            count,
            new KeyValuePair<string, object?>(MetricTags.DropReason, reason),
            new KeyValuePair<string, object?>(MetricTags.Node, where),
            new KeyValuePair<string, object?>(MetricTags.Backend, backend));
    }

    // Called with Gate held, before the meter left behind is disposed.
    private static void MoveExtensions(Meter meter)
    {
        foreach (var extension in Extensions)
        {
            extension.MoveTo(meter);
        }
    }

    private static string? Version => typeof(Metrics).Assembly.GetName().Version?.ToString();

    private static Meter CreateDefaultMeter() => new(EventTrackingDiagnostics.MeterName, Version);
}
