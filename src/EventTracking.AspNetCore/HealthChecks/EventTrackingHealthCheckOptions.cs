namespace EventTracking.AspNetCore;

/// <summary>Thresholds of the event-tracking health check.</summary>
public sealed class EventTrackingHealthCheckOptions
{
    /// <summary>
    /// The fraction of an async router's queue capacity at or above which the check reports
    /// <c>Degraded</c>. Default 0.8.
    /// </summary>
    public double QueueDegradedRatio { get; set; } = 0.8;
}
