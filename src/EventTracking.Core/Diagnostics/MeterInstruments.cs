using System.Diagnostics.Metrics;

namespace EventTracking;

/// <summary>The library's instruments, all on one <c>EventTracking</c> meter.</summary>
internal sealed class MeterInstruments
{
    public MeterInstruments(Meter meter, bool ownsMeter)
    {
        Meter = meter;
        OwnsMeter = ownsMeter;
        Emitted = meter.CreateCounter<long>("eventtracking.events.emitted", "{event}", "Events emitted by trackers.");
        Dropped = meter.CreateCounter<long>(
            "eventtracking.events.dropped", "{event}", "Events dropped, tagged with the reason (eventtracking.drop.reason).");
        ProcessorFailures = meter.CreateCounter<long>(
            "eventtracking.processor.failures", "{failure}", "Processors that threw; the event went on unchanged.");
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
            AsyncNodeRegistry.ObserveQueueDepths,
            "{event}",
            "Events waiting in an async routing node, in its intake queue and its children's lanes, tagged with the node (eventtracking.node).");
    }

    public Meter Meter { get; }

    /// <summary>Whether the library created the meter (and so disposes it), rather than an <see cref="IMeterFactory"/>.</summary>
    public bool OwnsMeter { get; }

    public Counter<long> Emitted { get; }

    public Counter<long> Dropped { get; }

    public Counter<long> ProcessorFailures { get; }

    public Counter<long> BackendFailures { get; }

    public Counter<long> Delivered { get; }

    public Histogram<double> BatchDuration { get; }

    public ObservableGauge<long> QueueDepth { get; }
}
