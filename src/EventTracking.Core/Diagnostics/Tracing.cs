using System.Diagnostics;

namespace EventTracking;

/// <summary>
/// The <c>EventTracking</c> <see cref="ActivitySource"/>: one span per batch an async routing node delivers to a child,
/// created only while someone listens (OpenTelemetry's <c>AddSource("EventTracking")</c>, a test's listener).
/// </summary>
internal static class Tracing
{
    public const string DeliverActivityName = "eventtracking.deliver";

    public static readonly ActivitySource Source = new(EventTrackingDiagnostics.ActivitySourceName, typeof(Tracing).Assembly.GetName().Version?.ToString());

    /// <summary>
    /// Starts the span of one batch delivery, or returns <see langword="null"/> when nobody listens. The span is a root:
    /// the worker's ambient activity is whichever one was current when the node started, which says nothing about the batch.
    /// </summary>
    public static Activity? StartDelivery(string node, string backend, int count)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        Activity.Current = null;
        var activity = Source.StartActivity(DeliverActivityName, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(MetricTags.Node, node);
            activity.SetTag(MetricTags.Backend, backend);
            activity.SetTag(MetricTags.BatchSize, count);
        }

        return activity;
    }

    /// <summary>Marks the span with the outcome of the delivery.</summary>
    public static void Complete(Activity? activity, bool delivered)
    {
        if (activity is not null && !delivered)
        {
            activity.SetStatus(ActivityStatusCode.Error, "the batch was not delivered: retries exhausted or shut down");
        }
    }
}
