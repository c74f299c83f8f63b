using System.Diagnostics.Metrics;

namespace EventTracking;

/// <summary>
/// Instruments of a package outside Core on the library's <c>EventTracking</c> meter, made by
/// <see cref="EventTrackingDiagnostics.CreateInstruments{T}"/>. They follow the meter: when an application hands over its
/// <see cref="IMeterFactory"/> (<c>AddEventTracking</c> does), or its container goes away, they are created again on
/// the meter then in use, so <see cref="Current"/> is always the set that is being listened to.
/// </summary>
/// <typeparam name="T">The package's own holder of instruments, built from a <see cref="Meter"/>.</typeparam>
public sealed class EventTrackingInstruments<T> : IInstrumentSet
    where T : class
{
    private readonly Func<Meter, T> _create;
    private T _current;

    internal EventTrackingInstruments(Func<Meter, T> create, Meter meter)
    {
        _create = create;
        _current = create(meter);
    }

    /// <summary>The instruments on the meter in use now. Read it at every measurement; do not keep it.</summary>
    public T Current => Volatile.Read(ref _current);

    void IInstrumentSet.MoveTo(Meter meter) => Volatile.Write(ref _current, _create(meter));
}
