namespace EventTracking;

/// <summary>Names under which the library reports on itself.</summary>
public static class EventTrackingDiagnostics
{
    /// <summary>
    /// The name of the <see cref="System.Diagnostics.Metrics.Meter"/> that publishes the library's counters
    /// (events emitted, dropped by reason, processor and backend failures, queue depth, batch latency).
    /// Pass it to OpenTelemetry's <c>AddMeter</c> or to <c>dotnet-counters --counters</c>.
    /// </summary>
    public const string MeterName = "EventTracking";

    /// <summary>The logger category under which internal faults are logged.</summary>
    public const string LoggerCategory = "EventTracking";

    /// <summary>
    /// Counts events a backend dropped on purpose (an event it cannot map, one over a size limit, one the destination
    /// refused), on the <c>eventtracking.events.dropped</c> counter, so a backend outside Core keeps the same accounting
    /// as the routers. Call it once per drop decision, never for an event also counted delivered.
    /// </summary>
    /// <param name="reason">Why, as a short snake_case word such as <c>oversize</c> or <c>rejected</c>.</param>
    /// <param name="backend">The backend's type name, such as <c>SerilogBackend</c>.</param>
    /// <param name="count">How many events.</param>
    public static void CountDropped(string reason, string backend, long count = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentException.ThrowIfNullOrWhiteSpace(backend);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Metrics.CountDropped(reason, backend, count);
    }
}
