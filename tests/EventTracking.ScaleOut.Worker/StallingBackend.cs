namespace EventTracking.ScaleOut;

/// <summary>
/// Passes batches to the store until it has passed <c>stallAfter</c> of them, then holds the next one for ever after
/// printing <c>stalled</c>: a consumer that hangs mid-delivery, holding read but unacknowledged entries, until killed.
/// </summary>
internal sealed class StallingBackend(IBatchEventBackend store, int stallAfter) : IBatchEventBackend
{
    private int _batches;

    public void Send(TrackingEvent evt) => store.Send(evt);

    public async ValueTask SendBatchAsync(IReadOnlyList<TrackingEvent> batch, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _batches) > stallAfter)
        {
            Console.WriteLine($"stalled {batch.Count}");
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        await store.SendBatchAsync(batch, cancellationToken);
    }
}
