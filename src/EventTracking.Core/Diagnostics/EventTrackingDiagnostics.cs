using System.Diagnostics.Metrics;

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

    /// <summary>
    /// The name of the <see cref="System.Diagnostics.ActivitySource"/> that traces batch delivery by async routing nodes
    /// (one <c>eventtracking.deliver</c> span per batch and child). Spans exist only while someone listens; pass the name
    /// to OpenTelemetry's <c>AddSource</c>.
    /// </summary>
    public const string ActivitySourceName = "EventTracking";

    /// <summary>The logger category under which internal faults are logged.</summary>
    public const string LoggerCategory = "EventTracking";

    /// <summary>
    /// Moves the library's instruments onto the <c>EventTracking</c> meter that <paramref name="meterFactory"/> creates,
    /// so they live with the application's dependency-injection container and its tests can isolate them.
    /// <c>AddEventTracking</c> calls it with the container's factory and disposes the returned lease with the container.
    /// The meter stays one per process: the most recent call wins; disposing the lease of the meter in use moves the
    /// instruments back onto a meter of the library's own, so counting never stops.
    /// </summary>
    /// <param name="meterFactory">The application's meter factory.</param>
    /// <returns>A lease; dispose it when the container that owns <paramref name="meterFactory"/> is disposed.</returns>
    public static IDisposable UseMeterFactory(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        return new MeterLease(Metrics.Use(meterFactory));
    }

    /// <summary>
    /// Creates a package's own instruments on the <c>EventTracking</c> meter, so they are published wherever the library's
    /// are: on the library's meter, or on the meter of the <see cref="IMeterFactory"/> given to
    /// <see cref="UseMeterFactory"/> (which <c>AddEventTracking</c> calls, and which OpenTelemetry's
    /// <c>AddEventTrackingInstrumentation</c> listens to by name). <paramref name="create"/> runs now and again each time
    /// the library moves to another meter; call this once per package (a static field), and record through
    /// <see cref="EventTrackingInstruments{T}.Current"/>. Name the instruments <c>eventtracking.&lt;package&gt;.*</c>.
    /// </summary>
    /// <typeparam name="T">The package's holder of instruments.</typeparam>
    /// <param name="create">Creates the instruments on the meter it is given, and nothing else.</param>
    /// <returns>The instruments, following the meter in use.</returns>
    public static EventTrackingInstruments<T> CreateInstruments<T>(Func<Meter, T> create)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(create);
        return Metrics.AddExtension(create);
    }

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
