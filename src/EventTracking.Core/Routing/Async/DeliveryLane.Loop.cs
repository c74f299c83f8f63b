using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace EventTracking;

/// <summary>The lane's loop: waits for a batch to fill or linger out, then delivers it.</summary>
internal sealed partial class DeliveryLane
{
    private async Task RunAsync()
    {
        var lingered = false;
        while (true)
        {
            TrackingEvent[]? batch = null;
            Task? wait = null;
            TaskCompletionSource? space = null;
            List<TaskCompletionSource>? flushed = null;
            lock (_gate)
            {
                var count = _queue.Count;
                if (_abandoned)
                {
                    return;
                }

                if (count == 0)
                {
                    if (_completed)
                    {
                        flushed = _flushWaiters.ConvertAll(w => w.Done);
                        _flushWaiters.Clear();
                    }
                    else
                    {
                        wait = Arm(1);
                        lingered = false;
                    }
                }
                else if (!lingered && count < _options.MaxBatchSize && _options.MaxBatchDelay > TimeSpan.Zero
                    && !_completed && _flushWaiters.Count == 0)
                {
                    wait = Arm(_options.MaxBatchSize);
                    lingered = true;
                }
                else
                {
                    batch = new TrackingEvent[Math.Min(count, _options.MaxBatchSize)];
                    _inFlight = true;
                    _inFlightStart = _appended - count;
                    _inFlightCount = batch.Length;
                    _inFlightSettled = 0;
                    for (var i = 0; i < batch.Length; i++)
                    {
                        batch[i] = _queue.Dequeue();
                    }

                    (space, _space) = (_space, null);
                    lingered = false;
                }
            }

            if (flushed is not null)
            {
                Release(flushed);
                return;
            }

            space?.TrySetResult();
            if (batch is null)
            {
                await (lingered ? LingerAsync(wait!) : wait!).ConfigureAwait(false);
                continue;
            }

            try
            {
                await DeliverAsync(batch).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Delivery catches the child's faults itself; this guards the lane's own code, so the loop never dies.
                Log.WorkerFaulted(_node.NodeLogger, ex, _node.Name);
                Settle(batch.Length - Volatile.Read(ref _inFlightSettled), delivered: false);
            }

            lock (_gate)
            {
                _inFlight = false;
                flushed = TakeSatisfiedWaiters();
            }

            Release(flushed);
        }
    }

    private Task Arm(int threshold)
    {
        _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _wakeThreshold = threshold;
        return _wake.Task;
    }

    /// <summary>Waits for a full batch, a flush, completion or the batch delay, whichever comes first.</summary>
    private async Task LingerAsync(Task wake)
    {
        using var cancel = new CancellationTokenSource();
        var delay = Task.Delay(_options.MaxBatchDelay, _options.TimeProvider, cancel.Token);
        await Task.WhenAny(wake, delay).ConfigureAwait(false);
        await cancel.CancelAsync().ConfigureAwait(false);
    }
}
