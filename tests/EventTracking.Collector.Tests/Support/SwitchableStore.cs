namespace EventTracking.Collector.Tests.Support;

/// <summary>
/// A store that throws while <see cref="Down"/> is set, as an unreachable store would. In front of a real store it
/// passes every batch on; on its own it keeps the events it took, keyed on event id (like SQLite and MongoDB).
/// </summary>
internal sealed class SwitchableStore : IBatchEventBackend
{
    private readonly IBatchEventBackend? _inner;
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, TrackingEvent> _stored = [];
    private volatile bool _down;

    /// <summary>A store of its own, beside the others.</summary>
    public SwitchableStore()
    {
    }

    /// <summary>A switch in front of <paramref name="inner"/>.</summary>
    public SwitchableStore(IBatchEventBackend inner) => _inner = inner;

    public bool Down
    {
        get => _down;
        set => _down = value;
    }

    /// <summary>What this store kept itself; empty in front of another store.</summary>
    public IReadOnlyCollection<TrackingEvent> Stored
    {
        get
        {
            lock (_gate)
            {
                return [.. _stored.Values];
            }
        }
    }

    public ValueTask SendBatchAsync(IReadOnlyList<TrackingEvent> batch, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        if (_inner is not null)
        {
            return _inner.SendBatchAsync(batch, cancellationToken);
        }

        lock (_gate)
        {
            foreach (var evt in batch)
            {
                _stored.TryAdd(evt.Id, evt);
            }
        }

        return ValueTask.CompletedTask;
    }

    public void Send(TrackingEvent evt)
    {
        ThrowIfDown();
        if (_inner is not null)
        {
            _inner.Send(evt);
            return;
        }

        lock (_gate)
        {
            _stored.TryAdd(evt.Id, evt);
        }
    }

    private void ThrowIfDown()
    {
        if (_down)
        {
            throw new IOException("The store is down.");
        }
    }
}
