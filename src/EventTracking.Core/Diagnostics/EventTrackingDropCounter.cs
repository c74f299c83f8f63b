using System.Diagnostics.Metrics;

namespace EventTracking;

/// <summary>
/// Counts a backend's deliberate drops on <c>eventtracking.events.dropped</c>, on the meter that was current when the
/// backend was built: its container's when <c>AddEventTracking</c> (or
/// <see cref="EventTrackingDiagnostics.UseMeterFactory"/>) built it, the library's own otherwise. Made by
/// <see cref="EventTrackingDiagnostics.CreateDropCounter"/> in the backend's constructor.
/// </summary>
public sealed class EventTrackingDropCounter
{
    private MeterInstruments _instruments = Metrics.Current;
    private readonly string _backend;

    internal EventTrackingDropCounter(string backend) => _backend = backend;

    /// <summary>
    /// Counts from now on on the <c>EventTracking</c> meter that <paramref name="meterFactory"/> creates: call it from the
    /// backend's <see cref="IEventTrackingMeterUser.UseMeterFactory"/>.
    /// </summary>
    /// <param name="meterFactory">The container's meter factory.</param>
    public void UseMeterFactory(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Volatile.Write(ref _instruments, Metrics.For(meterFactory));
    }

    /// <summary>Counts events dropped on purpose; call it once per drop decision, never for an event also counted delivered.</summary>
    /// <param name="reason">Why, as a short snake_case word such as <c>oversize</c> or <c>rejected</c>.</param>
    /// <param name="count">How many events.</param>
    public void Count(string reason, long count = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Volatile.Read(ref _instruments).CountDropped(reason, _backend, count);
    }
}
