using System.Diagnostics.Metrics;

namespace EventTracking;

/// <summary>
/// The MongoDB backend's instruments. They live on a meter of the same name as Core's (<c>EventTracking</c>) and
/// reuse its <c>eventtracking.events.dropped</c> counter name, so listeners see one counter tagged by reason.
/// </summary>
internal static class MongoMetrics
{
    private static readonly Meter Meter = new(EventTrackingDiagnostics.MeterName);

    private static readonly Counter<long> Dropped =
        Meter.CreateCounter<long>("eventtracking.events.dropped", "{event}", "Events dropped, tagged with the reason.");

    public static void CountUnmappable() =>
        Dropped.Add(1, new KeyValuePair<string, object?>("reason", "unmappable"), new KeyValuePair<string, object?>("where", nameof(MongoBackend)));
}
