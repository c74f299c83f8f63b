using System.Diagnostics.Metrics;

namespace EventTracking;

/// <summary>
/// A backend or processor that records on the <c>EventTracking</c> meter through
/// <see cref="EventTrackingInstruments{T}"/> or an <see cref="EventTrackingDropCounter"/>. A tracker built by a container
/// (<c>AddEventTracking</c>, or inside <see cref="EventTrackingDiagnostics.UseMeterFactory"/>) calls
/// <see cref="UseMeterFactory"/> on every such component of its routing tree, so a component constructed before the
/// container existed (and added to it as an instance) counts on the container's meter, like the ones the container built.
/// </summary>
public interface IEventTrackingMeterUser
{
    /// <summary>
    /// Moves the component's instruments onto the <c>EventTracking</c> meter that <paramref name="meterFactory"/> creates
    /// (<see cref="EventTrackingInstruments{T}.For"/>, <see cref="EventTrackingDropCounter.UseMeterFactory"/>); what it
    /// records from then on is published there. Called while the tracker is built, before events flow.
    /// </summary>
    /// <param name="meterFactory">The container's meter factory.</param>
    void UseMeterFactory(IMeterFactory meterFactory);
}
