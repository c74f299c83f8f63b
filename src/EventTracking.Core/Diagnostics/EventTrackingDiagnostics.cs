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
    /// Makes the trackers, routers, async nodes and package components constructed on the calling thread, until the
    /// returned scope is disposed, record on the <c>EventTracking</c> meter that <paramref name="meterFactory"/> creates
    /// instead of the library's own meter. <c>AddEventTracking</c> builds its tracker inside such a scope with the
    /// container's factory, so two containers in one process (two test hosts, say) each count only their own
    /// components. A component keeps its meter for life; one built outside any scope uses the library's own meter.
    /// </summary>
    /// <param name="meterFactory">The application's meter factory.</param>
    /// <returns>The scope; dispose it on the same thread when the components are built.</returns>
    public static IDisposable UseMeterFactory(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        return Metrics.Enter(Metrics.For(meterFactory));
    }

    /// <summary>
    /// Declares a package's own instruments on the <c>EventTracking</c> meter, so they are published wherever the
    /// library's are: one set on the library's own meter, and one on each container's meter (see
    /// <see cref="UseMeterFactory"/>), each created by <paramref name="create"/> on first use. Call this once per package
    /// (a static field); a component reads <see cref="EventTrackingInstruments{T}.Current"/> in its constructor and records
    /// on that set. Name the instruments <c>eventtracking.&lt;package&gt;.*</c>.
    /// </summary>
    /// <typeparam name="T">The package's holder of instruments.</typeparam>
    /// <param name="create">Creates the instruments on the meter it is given, and nothing else.</param>
    /// <returns>The declaration, whose <see cref="EventTrackingInstruments{T}.Current"/> gives the set to record on.</returns>
    public static EventTrackingInstruments<T> CreateInstruments<T>(Func<Meter, T> create)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(create);
        return new EventTrackingInstruments<T>(create);
    }

    /// <summary>
    /// Creates the drop counter of one backend, bound to the meter current now: call it in the backend's constructor, so
    /// a backend built by a container counts its drops on that container's meter (see <see cref="UseMeterFactory"/>).
    /// </summary>
    /// <param name="backend">The backend's type name, such as <c>SerilogBackend</c>; the <c>eventtracking.node</c> attribute.</param>
    /// <returns>The counter.</returns>
    public static EventTrackingDropCounter CreateDropCounter(string backend)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(backend);
        return new EventTrackingDropCounter(backend);
    }

    /// <summary>
    /// Counts events a backend dropped on purpose (an event it cannot map, one over a size limit, one the destination
    /// refused), on the <c>eventtracking.events.dropped</c> counter, so a backend outside Core keeps the same accounting
    /// as the routers. Call it once per drop decision, never for an event also counted delivered. It counts on the meter
    /// current on the calling thread (the library's own outside a container's build): a backend that a container may
    /// build should count through <see cref="CreateDropCounter"/> instead.
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
