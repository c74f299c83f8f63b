using StackExchange.Redis;

namespace EventTracking;

/// <summary>The consumer's upkeep: claiming entries other consumers left idle, dead letters, and the lag and pending gauges.</summary>
public sealed partial class RedisStreamConsumer
{
    // Atomic, so a consumer cannot read entries between the check that it holds none and its removal.
    private const string RemoveIdleConsumersScript = """
        local removed = 0
        for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
          local name, pending, idle
          for i = 1, #consumer, 2 do
            if consumer[i] == 'name' then name = consumer[i + 1]
            elseif consumer[i] == 'pending' then pending = consumer[i + 1]
            elseif consumer[i] == 'idle' then idle = consumer[i + 1] end
          end
          if name ~= ARGV[3] and pending == 0 and idle > tonumber(ARGV[2]) then
            redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], name)
            removed = removed + 1
          end
        end
        return removed
        """;

    private async Task<StreamEntry[]> ClaimAsync(IDatabase database)
    {
        var result = await database.StreamAutoClaimAsync(
            _options.Stream, _options.Group, _options.Consumer, (long)_options.ClaimIdleTime.TotalMilliseconds, _claimCursor, _options.BatchSize).ConfigureAwait(false);
        _claimCursor = result.NextStartId.IsNullOrEmpty || result.NextStartId == "0-0" ? "0-0" : result.NextStartId;
        var claimed = result.ClaimedEntries.Where(e => !e.IsNull).ToArray();
        if (claimed.Length == 0)
        {
            return claimed;
        }

        Interlocked.Add(ref _claimed, claimed.Length);
        _metrics.Claimed.Add(claimed.Length, MetricTags);
        Log.Claimed(_logger, claimed.Length, _options.Stream, _options.Group);

        // Entries that keep coming back (every consumer that took them died) count their earlier deliveries.
        var pending = await database.StreamPendingMessagesAsync(
            _options.Stream, _options.Group, claimed.Length, _options.Consumer, claimed[0].Id, claimed[^1].Id).ConfigureAwait(false);
        var exhausted = pending.Where(p => p.DeliveryCount > _options.MaxDeliveries).Select(p => p.MessageId).ToHashSet();
        if (exhausted.Count == 0)
        {
            return claimed;
        }

        var dead = claimed.Where(e => exhausted.Contains(e.Id)).ToList();
        await DeadLetterAsync(database, dead, RedisStreamEntries.MaxDeliveriesReason, "delivered more than MaxDeliveries times without an acknowledgement").ConfigureAwait(false);
        return claimed.Where(e => !exhausted.Contains(e.Id)).ToArray();
    }

    private async Task DeadLetterAsync(IDatabase database, IReadOnlyList<StreamEntry> entries, string reason, string error)
    {
        await RedisStreamEntries.DeadLetterAsync(database, _options, _metrics, entries, reason, error).ConfigureAwait(false);
        Interlocked.Add(ref _deadLettered, entries.Count);
        Log.DeadLettered(_logger, entries.Count, _options.DeadLetterStreamOrDefault, reason);
    }

    private async Task RemoveIdleConsumersAsync(IDatabase database)
    {
        if (_options.RemoveIdleConsumersAfter is not { } after)
        {
            return;
        }

        var removed = (long)await database.ScriptEvaluateAsync(
            RemoveIdleConsumersScript,
            [_options.Stream],
            [_options.Group, (long)after.TotalMilliseconds, _options.Consumer]).ConfigureAwait(false);
        if (removed > 0)
        {
            Log.RemovedIdleConsumers(_logger, removed, _options.Stream, _options.Group);
        }
    }

    private async Task RefreshMetricsAsync(IDatabase database)
    {
        var now = DateTimeOffset.UtcNow;
        if (now < _nextMetrics)
        {
            return;
        }

        _nextMetrics = now + _options.MetricsInterval;
        var lag = await database.ExecuteAsync("XINFO", "GROUPS", _options.Stream).ConfigureAwait(false);
        foreach (var group in (RedisResult[])lag!)
        {
            var fields = group.ToDictionary();
            if ((string?)fields["name"] == _options.Group)
            {
                LastPending = (long)fields["pending"];
                LastLag = fields.TryGetValue("lag", out var value) && !value.IsNull ? (long)value : null;
            }
        }
    }
}
