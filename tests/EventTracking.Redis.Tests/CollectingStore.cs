using System.Collections.Concurrent;

namespace EventTracking.Tests;

/// <summary>
/// A store keyed on the event id, as real stores are: it keeps one copy of each event and counts the deliveries it
/// was handed. It can be told to fail or to hold deliveries, and signals when it holds a given number of events.
/// </summary>
internal sealed class CollectingStore : IBatchEventBackend
{
    private readonly ConcurrentDictionary<Guid, TrackingEvent> _events = new();
    private readonly object _gate = new();
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];
    private long _deliveries;
    private int _failures;

    /// <summary>Throws from every batch while it returns an exception.</summary>
    public Func<IReadOnlyList<TrackingEvent>, Exception?> Fail { get; set; } = _ => null;

    /// <summary>Awaited before each batch is stored.</summary>
    public Func<Task> Gate { get; set; } = () => Task.CompletedTask;

    public int Count => _events.Count;

    public long Deliveries => Interlocked.Read(ref _deliveries);

    public int Failures => Volatile.Read(ref _failures);

    public ICollection<TrackingEvent> Events => _events.Values;

    public TaskCompletionSource FirstFailure { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource FirstBatch { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Send(TrackingEvent evt) => Store([evt]);

    public async ValueTask SendBatchAsync(IReadOnlyList<TrackingEvent> batch, CancellationToken cancellationToken)
    {
        FirstBatch.TrySetResult();
        await Gate().WaitAsync(cancellationToken);
        if (Fail(batch) is { } error)
        {
            Interlocked.Increment(ref _failures);
            FirstFailure.TrySetResult();
            throw error;
        }

        Store(batch);
    }

    /// <summary>Completes once the store holds at least <paramref name="count"/> distinct events.</summary>
    public Task WaitForAsync(int count, TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_events.Count >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
            return signal.Task.WaitAsync(timeout);
        }
    }

    private void Store(IReadOnlyList<TrackingEvent> batch)
    {
        Interlocked.Add(ref _deliveries, batch.Count);
        foreach (var evt in batch)
        {
            _events.TryAdd(evt.Id, evt);
        }

        lock (_gate)
        {
            _waiters.RemoveAll(w =>
            {
                if (_events.Count < w.Count)
                {
                    return false;
                }

                w.Signal.TrySetResult();
                return true;
            });
        }
    }
}
