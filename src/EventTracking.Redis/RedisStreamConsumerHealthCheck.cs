using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EventTracking;

/// <summary>
/// Reports on a <see cref="RedisStreamConsumer"/>: unhealthy when it is not running, has not connected to Redis yet, or
/// cannot reach Redis, degraded
/// when the stores refuse its deliveries, healthy otherwise. The data holds the stream, group, consumer, the counts
/// and the last lag and pending figures.
/// </summary>
public sealed class RedisStreamConsumerHealthCheck : IHealthCheck
{
    private readonly RedisStreamConsumer _consumer;

    /// <summary>Creates a check of <paramref name="consumer"/>.</summary>
    /// <param name="consumer">The consumer.</param>
    public RedisStreamConsumerHealthCheck(RedisStreamConsumer consumer)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        _consumer = consumer;
    }

    /// <summary>Reads the consumer's state; does not call Redis.</summary>
    /// <param name="context">The registration.</param>
    /// <param name="cancellationToken">Not used: the check does no I/O.</param>
    /// <returns>The result.</returns>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["stream"] = _consumer.Stream,
            ["group"] = _consumer.Group,
            ["consumer"] = _consumer.Consumer,
            ["consumed"] = _consumer.Consumed,
            ["claimed"] = _consumer.Claimed,
            ["dead_lettered"] = _consumer.DeadLettered,
        };
        if (_consumer.LastLag is { } lag)
        {
            data["lag"] = lag;
        }

        if (_consumer.LastPending is { } pending)
        {
            data["pending"] = pending;
        }

        var task = _consumer.ExecuteTask;
        var error = _consumer.LastError;
        var result = task switch
        {
            null => new HealthCheckResult(context.Registration.FailureStatus, "The Redis stream consumer has not started.", data: data),
            { IsCompleted: true } => new HealthCheckResult(context.Registration.FailureStatus, "The Redis stream consumer has stopped.", task.Exception, data),
            _ when error is not null && !_consumer.LastErrorWasDelivery =>
                new HealthCheckResult(context.Registration.FailureStatus, "The Redis stream consumer cannot reach Redis.", error, data),
            _ when !_consumer.IsConnected =>
                new HealthCheckResult(context.Registration.FailureStatus, "The Redis stream consumer is not connected to Redis yet.", error, data),
            _ when error is not null => HealthCheckResult.Degraded("The stores refuse the Redis stream consumer's deliveries; it is retrying.", error, data),
            _ => HealthCheckResult.Healthy("The Redis stream consumer is running.", data),
        };
        return Task.FromResult(result);
    }
}
