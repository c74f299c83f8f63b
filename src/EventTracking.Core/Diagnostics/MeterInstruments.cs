using System.Diagnostics.Metrics;

namespace EventTracking;

/// <summary>
/// The library's instruments on one <c>EventTracking</c> meter: the library's own, or the one a container's
/// <see cref="IMeterFactory"/> made. Trackers, routers and async nodes keep the set that was current when they were built
/// (<see cref="Metrics.Current"/>), so each container's components count on that container's meter only.
/// </summary>
internal sealed class MeterInstruments
{
    private readonly Lock _gate = new();
    private readonly Dictionary<object, object> _extensions = [];

    public MeterInstruments(Meter meter)
    {
        Meter = meter;
        Emitted = meter.CreateCounter<long>("eventtracking.events.emitted", "{event}", "Events emitted by trackers.");
        Dropped = meter.CreateCounter<long>(
            "eventtracking.events.dropped", "{event}", "Events dropped, tagged with the reason (eventtracking.drop.reason).");
        ProcessorFailures = meter.CreateCounter<long>(
            "eventtracking.processor.failures", "{failure}", "Processors that threw; the event went on unchanged, or was dropped (reason processor_failed) after a redaction or consent processor.");
        BackendFailures = meter.CreateCounter<long>(
            "eventtracking.backend.failures", "{failure}", "Backends that threw while receiving an event.");
        Delivered = meter.CreateCounter<long>(
            "eventtracking.events.delivered",
            "{event}",
            "Events an async routing node delivered to a child, tagged with the node (eventtracking.node) and the child (eventtracking.backend).");
        BatchDuration = meter.CreateHistogram<double>(
            "eventtracking.batch.duration",
            "s",
            "How long one delivery attempt of a batch to a child of an async routing node took, tagged with the outcome (eventtracking.outcome).",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        QueueDepth = meter.CreateObservableGauge(
            "eventtracking.queue.depth",
            Nodes.ObserveQueueDepths,
            "{event}",
            "Events waiting in an async routing node, in its intake queue and its children's lanes, tagged with the node (eventtracking.node).");
    }

    public Meter Meter { get; }

    /// <summary>The async nodes built with this set, which its queue-depth gauge reports.</summary>
    public AsyncNodeRegistry Nodes { get; } = new();

    public Counter<long> Emitted { get; }

    public Counter<long> Dropped { get; }

    public Counter<long> ProcessorFailures { get; }

    public Counter<long> BackendFailures { get; }

    public Counter<long> Delivered { get; }

    public Histogram<double> BatchDuration { get; }

    public ObservableGauge<long> QueueDepth { get; }

    public void CountDropped(string reason, string? where = null, long count = 1)
    {
        Dropped.Add(count, new KeyValuePair<string, object?>(MetricTags.DropReason, reason), new KeyValuePair<string, object?>(MetricTags.Node, where));
    }

    public void CountDropped(string reason, string where, string? backend, long count)
    {
        Dropped.Add(
            count,
            new KeyValuePair<string, object?>(MetricTags.DropReason, reason),
            new KeyValuePair<string, object?>(MetricTags.Node, where),
            new KeyValuePair<string, object?>(MetricTags.Backend, backend));
    }

    /// <summary>A package's instruments on this meter, made once by <paramref name="create"/>.</summary>
    public T Extension<T>(object key, Func<Meter, T> create)
        where T : class
    {
        lock (_gate)
        {
            if (!_extensions.TryGetValue(key, out var set))
            {
                set = create(Meter);
                _extensions[key] = set;
            }

            return (T)set;
        }
    }
}
