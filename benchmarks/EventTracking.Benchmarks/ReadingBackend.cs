using EventTracking;

namespace EventTracking.Benchmarks;

/// <summary>Reads every event's merged context and data, as every serializing backend does.</summary>
internal sealed class ReadingBackend : IEventBackend
{
    public int Keys;

    public void Send(TrackingEvent evt) => Keys += evt.Context.Count + evt.Data.Count;
}
