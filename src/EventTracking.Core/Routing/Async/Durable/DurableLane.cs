using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace EventTracking;

/// <summary>
/// One child's lane under a durable <see cref="AsyncRoutingBackend"/>: it reads committed records from the log at its own
/// position, delivers them in batches, retries a failing child for up to <see cref="DurableBufferOptions.RetryTimeLimit"/>,
/// and persists its position after each batch, so a restarted process resumes exactly where the child stopped taking.
/// </summary>
internal sealed class DurableLane : IChildLane
{
    private readonly AsyncRoutingBackend _node;
    private readonly AsyncRoutingOptions _options;
    private readonly DurableLog _log;
    private readonly IEventBackend _child;
    private readonly LaneHealth _health;
    private readonly Lock _gate = new();
    private readonly List<(long Target, TaskCompletionSource Done)> _flushWaiters = [];
    private readonly LogCursor _cursor;
    private readonly TaskCompletionSource _stop = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private long _settled;
    private long _uncountedCorrupt;
    private long _uncountedEvicted;
    private bool _completed;
    private bool _abandoned;
    private bool _positionFailing;
    public DurableLane(AsyncRoutingBackend node, AsyncRoutingOptions options, DurableLog log, string name, IEventBackend child)
    {
        _node = node;
        _options = options;
        _log = log;
        Name = name;
        _child = child;
        _health = new LaneHealth(node, options, name);
        _settled = log.Register(name, out var evicted, out var known);
        _cursor = new LogCursor(_settled);
        if (evicted > 0 || !known)
        {
            // Evictions a stopped process never counted are counted now, and the position saved at once, so they are
            // counted once; a new child gets a position file at once, so an eviction before its first batch is found
            // again after a restart.
            _uncountedEvicted = evicted;
            Advance(force: true);
        }
        using (ExecutionContext.SuppressFlow())
        {
            Completion = Task.Run(RunAsync);
        }
    }

    public string Name { get; }

    public Task Completion { get; }

    /// <summary>Committed events this child has not taken yet.</summary>
    public int Count => (int)Math.Min(int.MaxValue, Math.Max(0, _log.Committed - Volatile.Read(ref _settled)));

    public AsyncChildStatus Status()
    {
        lock (_gate)
        {
            return _health.Status(Count);
        }
    }

    /// <summary>Completes when the child has taken (or definitively failed) every record committed so far.</summary>
    public Task WhenSettledAsync()
    {
        var target = _log.Committed;
        lock (_gate)
        {
            if (_abandoned || _settled >= target)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _flushWaiters.Add((target, done));
            return done.Task;
        }
    }

    /// <summary>No more events will be written: deliver what is committed, then end.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
        }

        _stop.TrySetResult();
    }

    /// <summary>Gives up at the shutdown deadline; what the child has not taken stays in the buffer for the next start.</summary>
    public void Abandon()
    {
        List<TaskCompletionSource> waiters;
        lock (_gate)
        {
            if (_abandoned)
            {
                return;
            }

            _abandoned = true;
            waiters = _flushWaiters.ConvertAll(w => w.Done);
            _flushWaiters.Clear();
        }

        _stop.TrySetResult();
        waiters.ForEach(w => w.TrySetResult());
        var left = _log.Committed - Volatile.Read(ref _settled);
        if (left > 0)
        {
            DurableBufferLog.LeftInBuffer(_node.NodeLogger, _node.Name, Name, left);
        }
    }

    private async Task RunAsync()
    {
        var batch = new TrackingEvent[_options.MaxBatchSize];
        try
        {
            while (!Volatile.Read(ref _abandoned))
            {
                var committed = _log.CommitSignal;
                int count;
                try
                {
                    count = _log.Read(_cursor, batch, out var corrupt, out var evicted);

                    // Counted when the position past them is saved (Advance), so a restart before that counts them once.
                    _uncountedCorrupt += corrupt;
                    _uncountedEvicted += evicted;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // A segment vanished or cannot be read: find the position again from the sequence number.
                    Log.WorkerFaulted(_node.NodeLogger, ex, _node.Name);
                    _cursor.Reset(_cursor.Next);
                    await Task.WhenAny(committed, _stop.Task).ConfigureAwait(false);
                    continue;
                }

                if (count == 0)
                {
                    Advance();
                    if (Volatile.Read(ref _completed) && _cursor.Next >= _log.Committed)
                    {
                        return;
                    }

                    await Task.WhenAny(committed, _stop.Task).ConfigureAwait(false);
                    continue;
                }

                var settled = await DeliverAsync(new ArraySegment<TrackingEvent>(batch, 0, count)).ConfigureAwait(false);
                Array.Clear(batch, 0, count);
                if (!settled)
                {
                    return;
                }

                Advance();
            }
        }
        catch (Exception ex)
        {
            Log.WorkerFaulted(_node.NodeLogger, ex, _node.Name);
        }
        finally
        {
            _cursor.Dispose();
            ReleaseWaiters(long.MaxValue);
        }
    }

    private void Skipped(string reason, long count)
    {
        if (count > 0)
        {
            _node.CountDropped(reason, Name, count);
            if (reason == DropReasons.Corrupt)
            {
                DurableBufferLog.CorruptSkipped(_node.NodeLogger, _node.Name, Name, count);
            }
        }
    }

    /// <summary>
    /// Counts the records skipped since the last save (damaged, evicted), persists the cursor's position when it moved,
    /// and releases the flushes it satisfies.
    /// </summary>
    private void Advance(bool force = false)
    {
        var next = _cursor.Next;
        if (next == Volatile.Read(ref _settled) && !force)
        {
            return;
        }

        Skipped(DropReasons.Corrupt, _uncountedCorrupt);
        Skipped(DropReasons.BufferFull, _uncountedEvicted);
        _uncountedCorrupt = 0;
        _uncountedEvicted = 0;

        try
        {
            _log.SavePosition(Name, next);
            _positionFailing = false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Logged when saving starts to fail, not after every batch while it keeps failing.
            if (!_positionFailing)
            {
                DurableBufferLog.PositionNotSaved(_node.NodeLogger, ex, _node.Name, Name);
                _positionFailing = true;
            }
        }

        Volatile.Write(ref _settled, next);
        ReleaseWaiters(next);
    }

    private void ReleaseWaiters(long settled)
    {
        List<TaskCompletionSource>? done = null;
        lock (_gate)
        {
            _flushWaiters.RemoveAll(w =>
            {
                if (w.Target > settled)
                {
                    return false;
                }

                (done ??= []).Add(w.Done);
                return true;
            });
        }

        done?.ForEach(w => w.TrySetResult());
    }

    /// <summary>
    /// Delivers one batch, retrying until it succeeds or the retry time limit passes; counts each event delivered or
    /// dropped (<c>retries_exhausted</c>) exactly once.
    /// </summary>
    /// <returns>Whether the batch is settled; <see langword="false"/> when the lane was abandoned meanwhile (the rest stays in the buffer).</returns>
    private async ValueTask<bool> DeliverAsync(ArraySegment<TrackingEvent> remaining)
    {
        using var activity = Tracing.StartDelivery(_node.Name, Name, remaining.Count);
        var token = _node.DeadlineToken;
        var limit = _log.Options.RetryTimeLimit;
        long? firstFailure = null;
        for (var attempt = 0; ; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            var report = BatchOutcome.Begin();
            var (taken, failure) = await TrySendAsync(remaining, token).ConfigureAwait(false);
            if (taken > 0)
            {
                // Events the child refused for good were counted by the child; they are settled, not delivered.
                var delivered = taken - Math.Min(report.Rejected, taken);
                if (delivered > 0)
                {
                    _node.Instruments.Delivered.Add(delivered, _health.Tags);
                }

                remaining = remaining[taken..];
            }

            _health.RecordDuration(started, failure is null);
            if (failure is null)
            {
                _health.Succeeded();
                Tracing.Complete(activity, delivered: true);
                return true;
            }

            if (token.IsCancellationRequested)
            {
                return false;
            }

            _health.RecordFailure(failure, remaining.Count, attempt);
            firstFailure ??= _options.TimeProvider.GetTimestamp();
            if (limit != Timeout.InfiniteTimeSpan && _options.TimeProvider.GetElapsedTime(firstFailure.Value) >= limit)
            {
                _node.CountDropped(DropReasons.RetriesExhausted, Name, remaining.Count);
                Tracing.Complete(activity, delivered: false);
                return true;
            }

            try
            {
                var delay = _health.RetryDelay(attempt);
                await Task.Delay(report.RetryAfter > delay ? report.RetryAfter.Value : delay, _options.TimeProvider, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    /// <summary>Hands the events to the child; a child without batches gets them one by one.</summary>
    /// <returns>How many it took, and what it threw, if anything.</returns>
    private async ValueTask<(int Taken, Exception? Failure)> TrySendAsync(ArraySegment<TrackingEvent> events, CancellationToken token)
    {
        if (_child is IBatchEventBackend batchChild)
        {
            try
            {
                await batchChild.SendBatchAsync(events, token).ConfigureAwait(false);
                return (events.Count, null);
            }
            catch (Exception ex)
            {
                return (0, ex);
            }
        }

        for (var i = 0; i < events.Count; i++)
        {
            try
            {
                _child.Send(events[i]);
            }
            catch (Exception ex)
            {
                return (i, ex);
            }
        }

        return (events.Count, null);
    }
}
