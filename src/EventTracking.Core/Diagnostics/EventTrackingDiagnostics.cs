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
}
