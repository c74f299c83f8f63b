namespace EventTracking.Tests.Routing;

/// <summary>A plain (non-batch) backend whose first <c>failures</c> calls throw; it records the events it accepts.</summary>
internal sealed class FlakyBackend(int failures) : IEventBackend
{
    private readonly Lock _gate = new();
    private readonly List<TrackingEvent> _calls = [];
    private readonly List<TrackingEvent> _accepted = [];

    public IReadOnlyList<TrackingEvent> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public IReadOnlyList<TrackingEvent> Accepted
    {
        get
        {
            lock (_gate)
            {
                return [.. _accepted];
            }
        }
    }

    public void Send(TrackingEvent evt)
    {
        lock (_gate)
        {
            _calls.Add(evt);
            if (_calls.Count <= failures)
            {
                throw new InvalidOperationException($"failure {_calls.Count} of {failures}");
            }

            _accepted.Add(evt);
        }
    }
}
