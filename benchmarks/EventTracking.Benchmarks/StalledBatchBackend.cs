namespace EventTracking.Benchmarks;

/// <summary>A batch backend that takes nothing until its gate opens, so a durable node keeps what it committed.</summary>
internal sealed class StalledBatchBackend(Task gate) : IBatchEventBackend
{
    public void Send(TrackingEvent evt) => gate.GetAwaiter().GetResult();

    public async ValueTask SendBatchAsync(IReadOnlyList<TrackingEvent> batch, CancellationToken cancellationToken) =>
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
}
