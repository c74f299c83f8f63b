using System.Diagnostics.Metrics;

namespace EventTracking;

/// <summary>The instruments on the <c>EventTracking</c> meter. One meter per process, shared by every tracker.</summary>
internal static class Metrics
{
    public static readonly Meter Meter = new(EventTrackingDiagnostics.MeterName);

    public static readonly Counter<long> Emitted =
        Meter.CreateCounter<long>("eventtracking.events.emitted", "{event}", "Events emitted by trackers.");

    public static readonly Counter<long> Dropped =
        Meter.CreateCounter<long>("eventtracking.events.dropped", "{event}", "Events dropped, tagged with the reason (eventtracking.drop.reason).");

    public static readonly Counter<long> ProcessorFailures =
        Meter.CreateCounter<long>("eventtracking.processor.failures", "{failure}", "Processors that threw; the event went on unchanged.");

    public static readonly Counter<long> BackendFailures =
        Meter.CreateCounter<long>("eventtracking.backend.failures", "{failure}", "Backends that threw while receiving an event.");

    public static readonly Counter<long> Delivered =
        Meter.CreateCounter<long>(
            "eventtracking.events.delivered",
            "{event}",
            "Events an async routing node delivered to a child, tagged with the node (eventtracking.node) and the child (eventtracking.backend).");

    public static readonly Histogram<double> BatchDuration =
        Meter.CreateHistogram<double>(
            "eventtracking.batch.duration",
            "s",
            "How long one delivery attempt of a batch to a child of an async routing node took, tagged with the outcome (eventtracking.outcome).");

    public static readonly ObservableGauge<long> QueueDepth =
        Meter.CreateObservableGauge(
            "eventtracking.queue.depth",
            AsyncNodeRegistry.ObserveQueueDepths,
            "{event}",
            "Events waiting in an async routing node, in its intake queue and its children's lanes, tagged with the node (eventtracking.node).");

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
}
