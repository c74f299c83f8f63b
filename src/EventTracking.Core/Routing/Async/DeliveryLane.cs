using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace EventTracking;

/// <summary>
/// One child's delivery lane under an <see cref="AsyncRoutingBackend"/>: a bounded FIFO that the node's worker fills
/// and the lane's own loop drains in batches, retrying failures. A stalled child fills only its own lane.
/// </summary>
/// <remarks>
/// Every event given to the lane is settled exactly once, under <see cref="_gate"/>: delivered, or dropped as
/// <c>queue_full</c>, <c>retries_exhausted</c> or <c>shutdown_timeout</c>. Events carry implicit sequence numbers
/// (the count of events ever appended), so a flush waits for a target sequence number rather than for an empty lane.
/// </remarks>
internal sealed partial class DeliveryLane : IChildLane
{
    private readonly AsyncRoutingBackend _node;
    private readonly AsyncRoutingOptions _options;
    private readonly IEventBackend _child;
    private readonly IBatchEventBackend? _batchChild;
    private readonly LaneHealth _health;
    private readonly Lock _gate = new();
    private readonly Queue<TrackingEvent> _queue = new();
    private readonly List<(long Target, TaskCompletionSource Done)> _flushWaiters = [];

    private long _appended;
    private bool _inFlight;
    private long _inFlightStart;
    private int _inFlightCount;
    private int _inFlightSettled;
    private TaskCompletionSource? _wake;
    private int _wakeThreshold;
    private TaskCompletionSource? _space;
    private bool _completed;
    private bool _abandoned;

    public DeliveryLane(AsyncRoutingBackend node, AsyncRoutingOptions options, string name, IEventBackend child, bool abandoned)
    {
        _node = node;
        _options = options;
        Name = name;
        _child = child;
        _batchChild = child as IBatchEventBackend;
        _abandoned = abandoned;
        _health = new LaneHealth(node, options, name);
        using (ExecutionContext.SuppressFlow())
        {
            Completion = Task.Run(RunAsync);
        }
    }

    public string Name { get; }

    /// <summary>Completes when the lane's loop has ended: drained after <see cref="Complete"/>, or abandoned.</summary>
    public Task Completion { get; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Everything with a lower sequence number is settled (delivered or dropped).</summary>
    private long Settled => _inFlight ? _inFlightStart : _appended - _queue.Count;

    public AsyncChildStatus Status()
    {
        lock (_gate)
        {
            return _health.Status(_queue.Count);
        }
    }

    /// <summary>Appends events, applying the full mode when the lane is at capacity.</summary>
    /// <returns>How many events were consumed (appended or dropped); fewer than given only in <see cref="QueueFullMode.Wait"/>.</returns>
    public int Enqueue(ReadOnlySpan<TrackingEvent> events)
    {
        var consumed = 0;
        long dropped = 0;
        long undelivered = 0;
        TaskCompletionSource? wake = null;
        List<TaskCompletionSource>? flushed = null;
        lock (_gate)
        {
            if (_abandoned)
            {
                undelivered = events.Length;
                consumed = events.Length;
            }
            else
            {
                var evicted = false;
                foreach (var evt in events)
                {
                    if (_queue.Count >= _options.Capacity)
                    {
                        if (_options.FullMode == QueueFullMode.Wait)
                        {
                            break;
                        }

                        if (_options.FullMode == QueueFullMode.DropNewest)
                        {
                            dropped += events.Length - consumed;
                            consumed = events.Length;
                            break;
                        }

                        _queue.Dequeue();
                        dropped++;
                        evicted = true;
                    }

                    _queue.Enqueue(evt);
                    _appended++;
                    consumed++;
                }

                if (_wake is not null && _queue.Count >= _wakeThreshold)
                {
                    wake = _wake;
                    _wake = null;
                }

                if (evicted)
                {
                    flushed = TakeSatisfiedWaiters();
                }
            }
        }

        wake?.TrySetResult();
        Release(flushed);
        if (dropped > 0)
        {
            _node.CountDropped(DropReasons.QueueFull, Name, dropped);
        }

        if (undelivered > 0)
        {
            _node.CountDropped(DropReasons.ShutdownTimeout, Name, undelivered);
        }

        return consumed;
    }

    /// <summary>Completes when the lane has room (or is abandoned). Used by the worker in <see cref="QueueFullMode.Wait"/>.</summary>
    public Task WaitForSpaceAsync()
    {
        lock (_gate)
        {
            if (_abandoned || _queue.Count < _options.Capacity)
            {
                return Task.CompletedTask;
            }

            _space ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _space.Task;
        }
    }

    /// <summary>Completes when every event appended so far is delivered or dropped. Cuts a batch delay short.</summary>
    public Task WhenSettledAsync()
    {
        TaskCompletionSource done;
        TaskCompletionSource? wake;
        lock (_gate)
        {
            var target = _appended;
            if (_abandoned || Settled >= target)
            {
                return Task.CompletedTask;
            }

            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _flushWaiters.Add((target, done));
            wake = _wake;
            _wake = null;
        }

        wake?.TrySetResult();
        return done.Task;
    }

    /// <summary>No more events will come: deliver what is queued without waiting for full batches, then end.</summary>
    public void Complete()
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            _completed = true;
            wake = _wake;
            _wake = null;
        }

        wake?.TrySetResult();
    }

    /// <summary>
    /// Gives up at the shutdown deadline: whatever is queued or in flight is counted as <c>shutdown_timeout</c>, now,
    /// and a late answer from the child is ignored so nothing is counted twice.
    /// </summary>
    public void Abandon()
    {
        long undelivered;
        List<TaskCompletionSource> flushed;
        TaskCompletionSource? wake;
        TaskCompletionSource? space;
        lock (_gate)
        {
            if (_abandoned)
            {
                return;
            }

            _abandoned = true;
            undelivered = _queue.Count + (_inFlight ? _inFlightCount - _inFlightSettled : 0);
            _queue.Clear();
            flushed = _flushWaiters.ConvertAll(w => w.Done);
            _flushWaiters.Clear();
            (wake, _wake) = (_wake, null);
            (space, _space) = (_space, null);
        }

        wake?.TrySetResult();
        space?.TrySetResult();
        Release(flushed);
        if (undelivered > 0)
        {
            _node.CountDropped(DropReasons.ShutdownTimeout, Name, undelivered);
        }
    }

    /// <summary>Settles events of the batch in flight, unless the lane was abandoned (which counted them already).</summary>
    /// <returns>Whether the lane is still live.</returns>
    /// <param name="count">How many events of the batch in flight are settled.</param>
    /// <param name="delivered">Whether they were delivered (else dropped as <c>retries_exhausted</c>).</param>
    /// <param name="rejected">How many of the delivered ones the child refused for good and counted itself.</param>
    private bool Settle(int count, bool delivered, int rejected = 0)
    {
        lock (_gate)
        {
            if (_abandoned)
            {
                return false;
            }

            _inFlightSettled += count;
        }

        if (count == 0)
        {
            return true;
        }

        if (delivered)
        {
            if (count > rejected)
            {
                Metrics.Delivered.Add(count - rejected, _health.Tags);
            }
        }
        else
        {
            _node.CountDropped(DropReasons.RetriesExhausted, Name, count);
        }

        return true;
    }

    private List<TaskCompletionSource>? TakeSatisfiedWaiters()
    {
        if (_flushWaiters.Count == 0)
        {
            return null;
        }

        var settled = Settled;
        List<TaskCompletionSource>? done = null;
        _flushWaiters.RemoveAll(w =>
        {
            if (w.Target > settled)
            {
                return false;
            }

            (done ??= []).Add(w.Done);
            return true;
        });
        return done;
    }

    private static void Release(List<TaskCompletionSource>? waiters)
    {
        if (waiters is null)
        {
            return;
        }

        foreach (var waiter in waiters)
        {
            waiter.TrySetResult();
        }
    }
}
