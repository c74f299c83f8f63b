using StackExchange.Redis;

namespace EventTracking;

/// <summary>Connecting, creating the group, and choosing what to read next: own pending entries, claims, new entries.</summary>
public sealed partial class RedisStreamConsumer
{
    private async Task<IConnectionMultiplexer> ConnectAsync(CancellationToken stoppingToken)
    {
        var connecting = ConnectionMultiplexer.ConnectAsync(_configuration!);
        try
        {
            return await connecting.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _ = connecting.ContinueWith(static t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            throw;
        }
    }

    // Redelivered: the entries were given out before (this consumer's own pending ones, or claimed from another consumer).
    private async Task<(StreamEntry[] Entries, bool Redelivered)> ReadNextAsync(IDatabase database)
    {
        await EnsureGroupAsync(database).ConfigureAwait(false);
        await RefreshMetricsAsync(database).ConfigureAwait(false);
        return await ReadAsync(database).ConfigureAwait(false);
    }

    private async Task EnsureGroupAsync(IDatabase database)
    {
        if (_groupReady)
        {
            return;
        }

        try
        {
            await database.StreamCreateConsumerGroupAsync(_options.Stream, _options.Group, _options.StartId, createStream: true).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another consumer created it first.
        }

        _groupReady = true;
        _historyDone = false;
    }

    // Own unacknowledged entries first (left by a failure or a lost XACK), then idle entries of others when due, then new
    // ones; only the new ones are read for the first time.
    private async Task<(StreamEntry[] Entries, bool Redelivered)> ReadAsync(IDatabase database)
    {
        if (!_historyDone)
        {
            var history = await database.StreamReadGroupAsync(_options.Stream, _options.Group, _options.Consumer, "0", _options.BatchSize).ConfigureAwait(false);
            if (history.Length > 0)
            {
                return (history, true);
            }

            _historyDone = true;
        }

        var now = DateTimeOffset.UtcNow;
        if (now >= _nextClaim)
        {
            var claimed = await ClaimAsync(database).ConfigureAwait(false);
            if (claimed.Length > 0)
            {
                return (claimed, true);
            }

            await RemoveIdleConsumersAsync(database).ConfigureAwait(false);
            _nextClaim = now + _options.ClaimInterval;
        }

        return (await database.StreamReadGroupAsync(_options.Stream, _options.Group, _options.Consumer, ">", _options.BatchSize).ConfigureAwait(false), false);
    }
}
