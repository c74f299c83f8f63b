namespace EventTracking;

/// <summary>What an <see cref="AsyncRoutingBackend"/> does with an event that finds its queue full.</summary>
public enum QueueFullMode
{
    /// <summary>
    /// Nothing is dropped for lack of room: <see cref="AsyncRoutingBackend.Send"/> blocks the emitting thread until the
    /// intake queue has room, and the worker waits for room in a child's lane. A child that stays slow therefore slows
    /// its siblings and, in the end, the application's emitting threads. Blocked emitters wait synchronously, so on a
    /// busy server they hold thread-pool threads while they wait.
    /// </summary>
    Wait,

    /// <summary>The event being added is dropped (reason <c>queue_full</c>); the events already queued stay.</summary>
    DropNewest,

    /// <summary>The oldest queued event is evicted (reason <c>queue_full</c>) to make room for the new one.</summary>
    DropOldest,
}
