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
