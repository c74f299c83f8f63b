namespace EventTracking.Collector.Tests.Attolytics;

/// <summary>A store beside the SQLite file that takes events, or fails every delivery while <see cref="Failing"/> is set.</summary>
internal sealed class StoreSwitch : IBatchEventBackend
{
    private volatile bool _failing;

    public bool Failing
    {
        get => _failing;
        set => _failing = value;
    }

    public void Send(TrackingEvent evt) => ThrowIfFailing();

    public ValueTask SendBatchAsync(IReadOnlyList<TrackingEvent> batch, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        return ValueTask.CompletedTask;
    }

    private void ThrowIfFailing()
    {
        if (_failing)
        {
            throw new InvalidOperationException("the store is down");
        }
    }
}
