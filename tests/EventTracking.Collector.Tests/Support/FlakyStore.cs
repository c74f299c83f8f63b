namespace EventTracking.Collector.Tests.Support;

/// <summary>A store keyed on event id (like SQLite and MongoDB) that throws while <see cref="Down"/> is set.</summary>
internal sealed class FlakyStore : IBatchEventBackend
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, TrackingEvent> _stored = [];

    public volatile bool Down;

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
        if (Down)
        {
            throw new IOException("The store is down.");
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

    public void Send(TrackingEvent evt) => SendBatchAsync([evt], CancellationToken.None).AsTask().GetAwaiter().GetResult();
}
