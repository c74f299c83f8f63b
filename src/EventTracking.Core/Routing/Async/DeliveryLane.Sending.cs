using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace EventTracking;

/// <summary>Sending one batch (or one event at a time to a child without batches) with retries and backoff.</summary>
internal sealed partial class DeliveryLane
{
    private async Task DeliverAsync(TrackingEvent[] batch)
    {
        using var activity = Tracing.StartDelivery(_node.Name, Name, batch.Length);
        if (_batchChild is not null)
        {
            var (delivered, rejected) = await SendBatchWithRetriesAsync(_batchChild, batch).ConfigureAwait(false);
            Tracing.Complete(activity, delivered);
            Settle(batch.Length, delivered, rejected);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var allDelivered = true;
        foreach (var evt in batch)
        {
            var delivered = TrySend(evt) || await SendWithRetriesAsync(evt).ConfigureAwait(false);
            allDelivered &= delivered;
            if (!Settle(1, delivered))
            {
                return;
            }
        }

        Tracing.Complete(activity, allDelivered);
        _health.RecordDuration(started, allDelivered);
    }

    /// <returns>Whether the batch was taken, and how many of its events the child refused for good (see <see cref="BatchOutcome"/>).</returns>
    private async ValueTask<(bool Delivered, int Rejected)> SendBatchWithRetriesAsync(IBatchEventBackend child, TrackingEvent[] batch)
    {
        var token = _node.DeadlineToken;
        for (var attempt = 0; ; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            var report = BatchOutcome.Begin();
            try
            {
                await child.SendBatchAsync(batch, token).ConfigureAwait(false);
                _health.RecordDuration(started, success: true);
                _health.Succeeded();
                return (true, Math.Min(report.Rejected, batch.Length));
            }
            catch (Exception ex)
            {
                _health.RecordDuration(started, success: false);
                if (token.IsCancellationRequested)
                {
                    return (false, 0);
                }

                if (!await FailedAsync(ex, batch.Length, attempt, token, report.RetryAfter).ConfigureAwait(false))
                {
                    return (false, 0);
                }
            }
        }
    }

    private bool TrySend(TrackingEvent evt)
    {
        try
        {
            _child.Send(evt);
            if (_health.IsFailing)
            {
                _health.Succeeded();
            }

            return true;
        }
        catch (Exception ex)
        {
            _health.RecordFailure(ex, 1, 0);
            return false;
        }
    }

    private async ValueTask<bool> SendWithRetriesAsync(TrackingEvent evt)
    {
        var token = _node.DeadlineToken;
        for (var attempt = 0; attempt < _options.MaxRetries; attempt++)
        {
            if (!await BackOffAsync(attempt, token).ConfigureAwait(false))
            {
                return false;
            }

            try
            {
                _child.Send(evt);
                _health.Succeeded();
                return true;
            }
            catch (Exception ex)
            {
                _health.RecordFailure(ex, 1, attempt + 1);
            }
        }

        return false;
    }

    /// <summary>Records a failed attempt, then waits before the next one.</summary>
    /// <returns>Whether another attempt should be made.</returns>
    private async ValueTask<bool> FailedAsync(Exception ex, int count, int attempt, CancellationToken token, TimeSpan? atLeast = null)
    {
        _health.RecordFailure(ex, count, attempt);
        return attempt < _options.MaxRetries && await BackOffAsync(attempt, token, atLeast).ConfigureAwait(false);
    }

    private async ValueTask<bool> BackOffAsync(int attempt, CancellationToken token, TimeSpan? atLeast = null)
    {
        try
        {
            var delay = _health.RetryDelay(attempt);
            await Task.Delay(atLeast > delay ? atLeast.Value : delay, _options.TimeProvider, token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
