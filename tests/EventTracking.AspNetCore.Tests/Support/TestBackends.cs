using System.Collections.Concurrent;

namespace EventTracking.AspNetCore.Tests.Support;

/// <summary>A batch backend that takes a little time per batch and records every event it stored.</summary>
internal sealed class SlowBatchBackend : IBatchEventBackend
{
    private readonly ConcurrentQueue<TrackingEvent> _stored = new();

    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(20);

    public IReadOnlyCollection<TrackingEvent> Stored => _stored.ToArray();

    public void Send(TrackingEvent evt) => _stored.Enqueue(evt);

    public async ValueTask SendBatchAsync(IReadOnlyList<TrackingEvent> batch, CancellationToken cancellationToken)
    {
        await Task.Delay(Delay, cancellationToken);
        foreach (var evt in batch)
        {
            _stored.Enqueue(evt);
        }
    }
}

/// <summary>A batch backend that holds every batch until the test opens its gate (or the shutdown cancels it).</summary>
internal sealed class GatedBatchBackend : IBatchEventBackend
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _stored;

    public int StoredCount => Volatile.Read(ref _stored);

    public void Open() => _gate.TrySetResult();

    public void Send(TrackingEvent evt) => throw new NotSupportedException();

    public async ValueTask SendBatchAsync(IReadOnlyList<TrackingEvent> batch, CancellationToken cancellationToken)
    {
        await _gate.Task.WaitAsync(cancellationToken);
        Interlocked.Add(ref _stored, batch.Count);
    }
}

/// <summary>A batch backend whose every delivery fails.</summary>
internal sealed class FailingBatchBackend : IBatchEventBackend
{
    public void Send(TrackingEvent evt) => throw new InvalidOperationException("store is down");

    public ValueTask SendBatchAsync(IReadOnlyList<TrackingEvent> batch, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("store is down");
}

/// <summary>A backend that records whether it was disposed.</summary>
internal sealed class DisposableBackend : IEventBackend, IAsyncDisposable
{
    public bool Disposed { get; private set; }

    public void Send(TrackingEvent evt)
    {
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
