namespace EventTracking.Tests.Routing;

/// <summary>
/// Checks, without keeping the events, that each producer's events arrive exactly once and in order
/// (see <see cref="AsyncTestEvents.Create"/> for how an event names its producer and sequence number).
/// </summary>
internal sealed class OrderCheckingBatchBackend : IBatchEventBackend
{
    private readonly int[] _next;
    private long _received;
    private long _outOfOrder;

    public OrderCheckingBatchBackend(int producers)
    {
        _next = new int[producers];
    }

    public long Received => Interlocked.Read(ref _received);

    public long OutOfOrder => Interlocked.Read(ref _outOfOrder);

    public IReadOnlyList<int> NextExpected => [.. _next];

    public ValueTask SendBatchAsync(IReadOnlyList<TrackingEvent> batch, CancellationToken cancellationToken)
    {
        // A lane delivers one batch at a time, so no lock is needed; the flush that ends a test publishes the counts.
        foreach (var evt in batch)
        {
            var (producer, sequence) = AsyncTestEvents.Read(evt);
            if (_next[producer] != sequence)
            {
                Interlocked.Increment(ref _outOfOrder);
            }

            _next[producer] = sequence + 1;
        }

        Interlocked.Add(ref _received, batch.Count);
        return ValueTask.CompletedTask;
    }

    public void Send(TrackingEvent evt) => throw new NotSupportedException();
}
