namespace EventTracking.Benchmarks;

/// <summary>Counts what it receives, in batches or one by one, and does nothing else.</summary>
internal sealed class CountingBatchBackend : IBatchEventBackend
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Send(TrackingEvent evt) => Interlocked.Increment(ref _count);

    public ValueTask SendBatchAsync(IReadOnlyList<TrackingEvent> batch, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref _count, batch.Count);
        return ValueTask.CompletedTask;
    }
}
