namespace EventTracking.Tests;

/// <summary>A backend that always throws, to prove siblings are isolated from it.</summary>
internal sealed class ThrowingBackend : IEventBackend
{
    public int Calls;

    public void Send(TrackingEvent evt)
    {
        Interlocked.Increment(ref Calls);
        throw new InvalidOperationException("backend failure");
    }
}
