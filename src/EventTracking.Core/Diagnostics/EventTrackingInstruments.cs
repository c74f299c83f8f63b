using System.Diagnostics.Metrics;

namespace EventTracking;

/// <summary>
/// Instruments of a package outside Core on the library's <c>EventTracking</c> meter, made by
/// <see cref="EventTrackingDiagnostics.CreateInstruments{T}"/>: one set per meter, like the library's own instruments.
/// A component reads <see cref="Current"/> once, in its constructor, and records on that set: a component built by a
/// container (<c>AddEventTracking</c>, or inside <see cref="EventTrackingDiagnostics.UseMeterFactory"/>) gets the set on
/// that container's meter, any other one the set on the library's own meter.
/// </summary>
/// <typeparam name="T">The package's own holder of instruments, built from a <see cref="Meter"/>.</typeparam>
public sealed class EventTrackingInstruments<T>
    where T : class
{
    private readonly Func<Meter, T> _create;

    internal EventTrackingInstruments(Func<Meter, T> create) => _create = create;

    /// <summary>
    /// The set on the meter of the container building on this thread (see
    /// <see cref="EventTrackingDiagnostics.UseMeterFactory"/>), otherwise on the library's own meter; created on first use
    /// and the same for every later read on that meter. Read it when your component is constructed and keep it.
    /// </summary>
    public T Current => Metrics.Current.Extension(this, _create);

    /// <summary>
    /// The set on the <c>EventTracking</c> meter that <paramref name="meterFactory"/> creates, made on first use. A
    /// component implementing <see cref="IEventTrackingMeterUser"/> switches to it there.
    /// </summary>
    /// <param name="meterFactory">The container's meter factory.</param>
    /// <returns>The set; the same for every later call with a factory that returns the same meter.</returns>
    public T For(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        return Metrics.For(meterFactory).Extension(this, _create);
    }
}
