namespace EventTracking;

/// <summary>Emits events stamped with the context in force. Implemented by <see cref="Tracker"/>.</summary>
/// <remarks>
/// Disposing a tracker shuts down every <see cref="AsyncRoutingBackend"/> in its routing tree, delivering what they
/// accepted within their shutdown timeouts.
/// </remarks>
public interface ITracker : IAsyncDisposable
{
    /// <summary>Emits an event. Never throws for faults in processors or backends; those are logged and counted.</summary>
    /// <param name="name">The dotted event name; <see langword="null"/> or blank becomes <c>"unknown"</c>.</param>
    /// <param name="data">An anonymous object, a dictionary or key/value pairs; <see langword="null"/> means no data.</param>
    /// <exception cref="ArgumentException"><paramref name="data"/> is not object-shaped (a bare number, say).</exception>
    void Emit(string? name, object? data = null);

    /// <summary>
    /// Emits an event and waits for the acknowledgement: completes once every backend the event is routed to has taken
    /// it (for a store, committed it), bypassing the queues of async routing nodes. For callers that must not lose the
    /// event, such as a collector answering its client; <see cref="Emit"/> stays the fire-and-forget path.
    /// </summary>
    /// <param name="name">The dotted event name; <see langword="null"/> or blank becomes <c>"unknown"</c>.</param>
    /// <param name="data">An anonymous object, a dictionary or key/value pairs; <see langword="null"/> means no data.</param>
    /// <param name="cancellationToken">Stops waiting for backends; what they already took stays taken.</param>
    /// <returns>A task that completes once the event is delivered.</returns>
    /// <exception cref="EventDeliveryException">A backend did not take the event; see <see cref="RoutingBackend.DeliverAsync"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> is not object-shaped.</exception>
    ValueTask EmitAsync(string? name, object? data = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Delivers events built elsewhere (by a client, received by a collector) with acknowledgement, as
    /// <see cref="EmitAsync"/> does. Their ids, names, timestamps and data are kept; the process-wide context is merged
    /// beneath each event's own context (the event's keys win). The context frames in force here are not added: they
    /// describe this process's work, not the events.
    /// </summary>
    /// <param name="events">The events, in order.</param>
    /// <param name="cancellationToken">Stops waiting for backends; what they already took stays taken.</param>
    /// <returns>A task that completes once every backend the events are routed to has taken them.</returns>
    /// <exception cref="EventDeliveryException">A backend did not take the events. Sending the same events again is safe
    /// with stores keyed on <see cref="TrackingEvent.Id"/>.</exception>
    ValueTask DeliverAsync(IReadOnlyList<TrackingEvent> events, CancellationToken cancellationToken = default);

    /// <summary>
    /// Delivers again events that an earlier <see cref="DeliverAsync"/> call (here or in another process) already handed
    /// to a tracker: a retry after a failed delivery, or a transport's redelivery of an entry it had given out before. The
    /// same as <see cref="DeliverAsync"/>, except that <see cref="Tracker"/> does not count the events again on
    /// <c>eventtracking.events.emitted</c>, so retries do not inflate it. An implementation that does not override this
    /// delivers through <see cref="DeliverAsync"/>.
    /// </summary>
    /// <param name="events">The events, in order.</param>
    /// <param name="cancellationToken">Stops waiting for backends; what they already took stays taken.</param>
    /// <returns>A task that completes once every backend the events are routed to has taken them.</returns>
    /// <exception cref="EventDeliveryException">A backend did not take the events.</exception>
    ValueTask RedeliverAsync(IReadOnlyList<TrackingEvent> events, CancellationToken cancellationToken = default) =>
        DeliverAsync(events, cancellationToken);

    /// <summary>Pushes a named context frame until the returned scope is disposed.</summary>
    /// <param name="name">The frame's name, such as <c>request</c>.</param>
    /// <param name="values">An anonymous object, a dictionary or key/value pairs.</param>
    /// <returns>A scope whose disposal removes exactly this frame, even if frames above it remain.</returns>
    IDisposable Context(string name, object? values);

    /// <summary>Pushes a named context frame, edX-style; pair it with <see cref="ExitContext"/>.</summary>
    /// <param name="name">The frame's name.</param>
    /// <param name="values">An anonymous object, a dictionary or key/value pairs.</param>
    void EnterContext(string name, object? values);

    /// <summary>Removes the innermost frame called <paramref name="name"/>.</summary>
    /// <param name="name">The frame's name.</param>
    /// <exception cref="InvalidOperationException">No frame of that name is in force.</exception>
    void ExitContext(string name);

    /// <summary>The merged context in force here: the process-wide context, then every frame, innermost winning.</summary>
    IReadOnlyDictionary<string, object?> ResolveContext();

    /// <summary>
    /// Completes once every event emitted before the call has been delivered, or has definitively failed, through every
    /// <see cref="AsyncRoutingBackend"/> in the routing tree. Completes at once for a tree without async nodes.
    /// </summary>
    /// <param name="cancellationToken">Stops the wait, not the delivery.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    ValueTask FlushAsync(CancellationToken cancellationToken = default);
}
