namespace EventTracking;

/// <summary>One step of a router's processor chain: filters, redacts or enriches events.</summary>
/// <remarks>
/// Events are immutable: return the event unchanged, a modified copy (<c>evt with { … }</c>), or
/// <see langword="null"/> to drop it. A processor that throws is logged, counted and skipped; the chain goes on
/// with the event as it was. Implementations must be safe to call from several threads.
/// </remarks>
public interface IEventProcessor
{
    /// <summary>Processes one event.</summary>
    /// <param name="evt">The event as the previous processor left it.</param>
    /// <returns>The event to pass on, or <see langword="null"/> to drop it.</returns>
    TrackingEvent? Process(TrackingEvent evt);
}
