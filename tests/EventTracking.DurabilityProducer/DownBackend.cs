namespace EventTracking;

/// <summary>A destination that is down for the whole run: every send fails, so the durable lane keeps retrying and the events stay in the buffer.</summary>
internal sealed class DownBackend : IEventBackend
{
    public void Send(TrackingEvent evt) => throw new InvalidOperationException("The store is down for this run (produce ... outage).");
}
