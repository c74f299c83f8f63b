using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace EventTracking;

/// <summary>The Redis stream instruments on the <c>EventTracking</c> meter, tagged with the stream and the group.</summary>
internal static class RedisStreamMetrics
{
    private static readonly ConcurrentDictionary<RedisStreamConsumer, bool> Consumers = new();

    public static readonly Meter Meter = new("EventTracking");

    public static readonly Counter<long> Consumed =
        Meter.CreateCounter<long>("eventtracking.redis.consumed", "{event}", "Events a Redis stream consumer delivered and acknowledged.");

    public static readonly Counter<long> Claimed =
        Meter.CreateCounter<long>("eventtracking.redis.claimed", "{entry}", "Entries a consumer took over from another one that held them past the idle time.");

    public static readonly Counter<long> DeliveryFailures =
        Meter.CreateCounter<long>("eventtracking.redis.delivery_failures", "{batch}", "Batches whose delivery to the tracker's stores failed and will be tried again.");

    public static readonly Counter<long> DeadLettered =
        Meter.CreateCounter<long>("eventtracking.redis.dead_lettered", "{entry}", "Entries moved to the dead-letter stream, tagged with the reason.");

    public static readonly ObservableGauge<long> Lag =
        Meter.CreateObservableGauge("eventtracking.redis.lag", () => Observe(c => c.LastLag), "{entry}", "Entries in the stream the group has not read yet.");

    public static readonly ObservableGauge<long> Pending =
        Meter.CreateObservableGauge("eventtracking.redis.pending", () => Observe(c => c.LastPending), "{entry}", "Entries read by the group but not acknowledged yet.");

    public static void Register(RedisStreamConsumer consumer) => Consumers[consumer] = true;

    public static void Unregister(RedisStreamConsumer consumer) => Consumers.TryRemove(consumer, out _);

    public static KeyValuePair<string, object?>[] Tags(RedisStreamConsumerOptions options, string? reason = null) => reason is null
        ? [new("eventtracking.redis.stream", options.Stream), new("eventtracking.redis.group", options.Group)]
        : [new("eventtracking.redis.stream", options.Stream), new("eventtracking.redis.group", options.Group), new("eventtracking.drop.reason", reason)];

    private static IEnumerable<Measurement<long>> Observe(Func<RedisStreamConsumer, long?> read)
    {
        foreach (var consumer in Consumers.Keys)
        {
            if (read(consumer) is { } value)
            {
                yield return new Measurement<long>(value, consumer.MetricTags);
            }
        }
    }
}
