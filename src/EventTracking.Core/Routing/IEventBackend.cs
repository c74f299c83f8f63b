namespace EventTracking;

/// <summary>A destination for events: a store, a log, a network collector, or another router.</summary>
/// <remarks>
/// <see cref="Send"/> may throw; the <see cref="RoutingBackend"/> that calls it catches, logs and counts the
/// failure, and goes on with the backend's siblings. Implementations must be safe to call from several threads.
/// </remarks>
public interface IEventBackend
{
    /// <summary>Delivers one event.</summary>
    /// <param name="evt">The event, already processed by every router above this backend.</param>
    void Send(TrackingEvent evt);
}
