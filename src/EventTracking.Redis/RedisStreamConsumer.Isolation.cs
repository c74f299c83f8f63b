using StackExchange.Redis;

namespace EventTracking;

/// <summary>
/// What happens to a batch that failed <see cref="RedisStreamConsumerOptions.MaxDeliveries"/> times: it is delivered again
/// in halves, and halves of the halves that fail, so one event the stores refuse (a constraint violation, say) is
/// dead-lettered alone instead of taking the rest of its batch with it.
/// </summary>
public sealed partial class RedisStreamConsumer
{
    // Failed attempts the search may spend on one batch before it dead-letters what is left whole: enough to single out
    // a few bad entries in a batch of thousands, few enough that a store outage does not cost an attempt per entry.
    private const int IsolationFailureBudget = 32;

    private async Task IsolateAsync(
        IDatabase database, List<TrackingEvent> events, List<StreamEntry> entries, Exception failure, CancellationToken stoppingToken)
    {
        Log.Isolating(_logger, entries.Count, _options.Stream, _options.MaxDeliveries);
        var failures = 0;
        var failed = new Stack<(int Start, int Count, Exception Error)>();
        failed.Push((0, entries.Count, failure));
        while (failed.TryPop(out var part))
        {
            if (stoppingToken.IsCancellationRequested)
            {
                return; // What is left stays pending for a consumer to claim.
            }

            if (part.Count == 1 || failures >= IsolationFailureBudget)
            {
                await DeadLetterAsync(database, entries.GetRange(part.Start, part.Count), RedisStreamEntries.MaxDeliveriesReason, part.Error.Message)
                    .ConfigureAwait(false);
                continue;
            }

            // The right half is pushed first, so the left one (the older entries) is searched first.
            var half = part.Count / 2;
            var halves = new[] { (part.Start, half), (part.Start + half, part.Count - half) };
            var results = new Exception?[2];
            for (var i = 0; i < 2; i++)
            {
                var (start, count) = halves[i];
                results[i] = await TryDeliverAsync(events.GetRange(start, count)).ConfigureAwait(false);
                if (results[i] is null)
                {
                    await AcknowledgeAsync(database, entries.GetRange(start, count)).ConfigureAwait(false);
                }
                else
                {
                    failures++;
                }
            }

            for (var i = 1; i >= 0; i--)
            {
                if (results[i] is { } error)
                {
                    failed.Push((halves[i].Item1, halves[i].Item2, error));
                }
            }
        }
    }

    // Null when the stores committed the events; the failure otherwise. Throws only when stopping aborts the delivery.
    private async Task<Exception?> TryDeliverAsync(List<TrackingEvent> events)
    {
        try
        {
            await _tracker.RedeliverAsync(events, _abort.Token).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !_abort.IsCancellationRequested)
        {
            _metrics.DeliveryFailures.Add(1, MetricTags);
            return ex;
        }
    }

    private async Task AcknowledgeAsync(IDatabase database, List<StreamEntry> entries)
    {
        await database.StreamAcknowledgeAsync(_options.Stream, _options.Group, RedisStreamEntries.Ids(entries)).ConfigureAwait(false);
        Interlocked.Add(ref _consumed, entries.Count);
        _metrics.Consumed.Add(entries.Count, MetricTags);
    }
}
