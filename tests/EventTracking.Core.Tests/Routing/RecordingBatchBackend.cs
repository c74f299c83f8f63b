namespace EventTracking.Tests.Routing;

/// <summary>
/// A batch backend that records every call and every batch it accepted. A hook runs before each batch is accepted:
/// it may await (to block the lane) or throw (to fail the attempt).
/// </summary>
internal sealed class RecordingBatchBackend : IBatchEventBackend
{
    private readonly Lock _gate = new();
    private readonly List<TrackingEvent[]> _attempts = [];
    private readonly List<TrackingEvent[]> _batches = [];
    private readonly List<TrackingEvent> _events = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private readonly TaskCompletionSource _firstCall = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Runs before a batch is accepted, with the zero-based call number. Throw to fail the attempt.</summary>
    public Func<int, IReadOnlyList<TrackingEvent>, CancellationToken, Task>? BeforeAccept { get; init; }

    /// <summary>Completes when the first batch arrives, before <see cref="BeforeAccept"/> runs.</summary>
    public Task FirstCall => _firstCall.Task;

    public IReadOnlyList<TrackingEvent[]> Attempts => Snapshot(_attempts);

    public IReadOnlyList<TrackingEvent[]> Batches => Snapshot(_batches);

    public IReadOnlyList<TrackingEvent> Events => Snapshot(_events);

    public async ValueTask SendBatchAsync(IReadOnlyList<TrackingEvent> batch, CancellationToken cancellationToken)
    {
        int call;
        lock (_gate)
        {
            call = _attempts.Count;
            _attempts.Add([.. batch]);
        }

        _firstCall.TrySetResult();
        if (BeforeAccept is not null)
        {
            await BeforeAccept(call, batch, cancellationToken);
        }

        List<TaskCompletionSource> reached = [];
        lock (_gate)
        {
            _batches.Add([.. batch]);
            _events.AddRange(batch);
            _waiters.RemoveAll(w =>
            {
                if (w.Count > _events.Count)
                {
                    return false;
                }

                reached.Add(w.Reached);
                return true;
            });
        }

        reached.ForEach(r => r.TrySetResult());
    }

    public void Send(TrackingEvent evt) => throw new NotSupportedException("An async node hands batch backends whole batches.");

    /// <summary>Completes once at least <paramref name="count"/> events have been accepted.</summary>
    public Task WaitForEventsAsync(int count)
    {
        lock (_gate)
        {
            if (_events.Count >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task;
        }
    }

    private T[] Snapshot<T>(List<T> list)
    {
        lock (_gate)
        {
            return [.. list];
        }
    }
}
