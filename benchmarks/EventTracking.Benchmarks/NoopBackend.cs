using EventTracking;

namespace EventTracking.Benchmarks;

/// <summary>Receives events and does nothing, so a benchmark measures only the library's own path.</summary>
internal sealed class NoopBackend : IEventBackend
{
    public void Send(TrackingEvent evt)
    {
    }
}
