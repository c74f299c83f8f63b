namespace EventTracking;

/// <summary>
/// Acknowledged delivery (<see cref="RoutingBackend.DeliverAsync"/>, <see cref="ITracker.EmitAsync"/>,
/// <see cref="ITracker.DeliverAsync"/>) could not hand the events to one or more backends they are routed to.
/// </summary>
/// <remarks>
/// Backends that did take the events keep them: sending the same events (same ids) again is how a caller retries, and
/// stores keyed on <see cref="TrackingEvent.Id"/> ignore the copies they already hold.
/// </remarks>
public sealed class EventDeliveryException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="failures">Each failed backend's path from the node that was asked to deliver (<c>store/db</c>), with what it threw.</param>
    public EventDeliveryException(IReadOnlyList<KeyValuePair<string, Exception>> failures)
        : base(Describe(failures), failures is { Count: > 0 } ? failures[0].Value : null)
    {
        Failures = failures;
    }

    /// <summary>Each failed backend's path, such as <c>store/db</c>, with the exception it threw, in delivery order.</summary>
    public IReadOnlyList<KeyValuePair<string, Exception>> Failures { get; }

    private static string Describe(IReadOnlyList<KeyValuePair<string, Exception>> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (failures.Count == 0)
        {
            throw new ArgumentException("At least one failure is required.", nameof(failures));
        }

        var names = string.Join(", ", failures.Select(f => $"'{f.Key}'"));
        return $"The events could not be delivered to {names}: {failures[0].Value.Message}";
    }
}
