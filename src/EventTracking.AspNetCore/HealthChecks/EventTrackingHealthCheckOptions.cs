namespace EventTracking.AspNetCore;

/// <summary>Thresholds of the event-tracking health check.</summary>
public sealed class EventTrackingHealthCheckOptions
{
    /// <summary>
    /// The fraction of an async router's capacity at or above which its intake queue, or one child's lane, makes the
    /// check report <c>Degraded</c>. Default 0.8.
    /// </summary>
    public double QueueDegradedRatio { get; set; } = 0.8;

    /// <summary>How long one store's <see cref="IHealthProbe"/> may take before it counts as unreachable. Default 5 seconds.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
