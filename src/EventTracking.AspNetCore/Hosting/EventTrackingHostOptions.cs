namespace EventTracking.AspNetCore;

/// <summary>How the host starts and stops the tracker.</summary>
public sealed class EventTrackingHostOptions
{
    /// <summary>
    /// How long stopping the application may spend delivering events still queued in async routers before it gives
    /// up on them (they are then counted as dropped). Bound from <c>EventTracking:ShutdownTimeout</c>; default 10 seconds.
    /// Keep it below the host's own <c>HostOptions.ShutdownTimeout</c> (30 seconds by default).
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
