namespace EventTracking;

/// <summary>Keeps every event it receives in memory, in arrival order. For tests, samples and debugging.</summary>
/// <remarks>Thread-safe. Memory grows with every event until <see cref="Clear"/> is called.</remarks>
public sealed class InMemoryBackend : IEventBackend
{
    private readonly Lock _gate = new();
    private readonly List<TrackingEvent> _events = [];

    /// <summary>A snapshot of the events received so far, in arrival order.</summary>
    public IReadOnlyList<TrackingEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return _events.ToArray();
            }
        }
    }

    /// <summary>How many events have been received since the last <see cref="Clear"/>.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _events.Count;
            }
        }
    }

    /// <inheritdoc />
    public void Send(TrackingEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        lock (_gate)
        {
            _events.Add(evt);
        }
    }

    /// <summary>Forgets every event received so far.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _events.Clear();
        }
    }
}
