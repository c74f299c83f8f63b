namespace EventTracking.Tests.Routing;

/// <summary>
/// A deliberately slow batch backend (it spins per batch; it never sleeps) that checks each producer's events arrive
/// at most once and in order, gaps allowed (dropped events leave gaps), and can signal each event's arrival.
/// </summary>
internal sealed class SlowOrderCheckingBatchBackend : IBatchEventBackend
{
    private readonly int[] _last;
    private readonly int _spinsPerBatch;
    private readonly SemaphoreSlim[]? _arrivals;
    private long _received;
    private long _outOfOrder;

    /// <param name="producers">How many producers (event ids carry the producer, see <see cref="AsyncTestEvents.Create"/>).</param>
    /// <param name="spinsPerBatch">How long each batch takes, in <see cref="Thread.SpinWait"/> iterations.</param>
    /// <param name="signalArrivals">Whether to release a per-producer semaphore for every event that arrives.</param>
    public SlowOrderCheckingBatchBackend(int producers, int spinsPerBatch, bool signalArrivals = false)
    {
        _last = Enumerable.Repeat(-1, producers).ToArray();
        _spinsPerBatch = spinsPerBatch;
        _arrivals = signalArrivals ? Enumerable.Range(0, producers).Select(_ => new SemaphoreSlim(0)).ToArray() : null;
    }

    public long Received => Interlocked.Read(ref _received);

    public long OutOfOrder => Interlocked.Read(ref _outOfOrder);

    /// <summary>The highest sequence number received from each producer, -1 for none; read after a flush.</summary>
    public IReadOnlyList<int> Last => [.. _last];

    /// <summary>Completes when the next event of <paramref name="producer"/> arrives (with signalArrivals).</summary>
    public Task<bool> NextArrivalAsync(int producer) => _arrivals![producer].WaitAsync(AsyncTestEvents.Patience);

    public ValueTask SendBatchAsync(IReadOnlyList<TrackingEvent> batch, CancellationToken cancellationToken)
    {
        Thread.SpinWait(_spinsPerBatch);

        // A lane delivers one batch at a time, so no lock is needed; the flush that ends a test publishes the counts.
        foreach (var evt in batch)
        {
            var (producer, sequence) = AsyncTestEvents.Read(evt);
            if (sequence <= Volatile.Read(ref _last[producer]))
            {
                Interlocked.Increment(ref _outOfOrder);
            }

            Volatile.Write(ref _last[producer], sequence);
            Interlocked.Increment(ref _received);
            _arrivals?[producer].Release();
        }

        return ValueTask.CompletedTask;
    }

    public void Send(TrackingEvent evt) => throw new NotSupportedException("An async node hands batch backends whole batches.");
}
