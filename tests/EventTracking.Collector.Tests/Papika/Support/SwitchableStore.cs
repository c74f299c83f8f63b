namespace EventTracking.Collector.Tests.Papika.Support;

/// <summary>Passes batches to a real store, or throws while <see cref="Down"/> is set, as a store that is unreachable.</summary>
internal sealed class SwitchableStore(IBatchEventBackend inner) : IBatchEventBackend
{
    private volatile bool _down;

    public bool Down
    {
        get => _down;
        set => _down = value;
    }

    public ValueTask SendBatchAsync(IReadOnlyList<TrackingEvent> batch, CancellationToken cancellationToken) =>
        Down ? throw new IOException("The store is down.") : inner.SendBatchAsync(batch, cancellationToken);

    public void Send(TrackingEvent evt)
    {
        if (Down)
        {
            throw new IOException("The store is down.");
        }

        inner.Send(evt);
    }
}
