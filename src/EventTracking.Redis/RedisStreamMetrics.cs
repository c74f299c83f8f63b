using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace EventTracking;

/// <summary>
/// The Redis stream instruments on the library's <c>EventTracking</c> meter (the container's when <c>AddEventTracking</c>
/// handed over its <see cref="IMeterFactory"/>), tagged with the stream and the group.
/// </summary>
internal static class RedisStreamMetrics
{
    private static readonly ConcurrentDictionary<RedisStreamConsumer, bool> Consumers = new();

    private static readonly EventTrackingInstruments<RedisStreamInstruments> Instruments =
        EventTrackingDiagnostics.CreateInstruments(meter => new RedisStreamInstruments(meter, Observe));

    public static Counter<long> Consumed => Instruments.Current.Consumed;

    public static Counter<long> Claimed => Instruments.Current.Claimed;

    public static Counter<long> DeliveryFailures => Instruments.Current.DeliveryFailures;

    public static Counter<long> DeadLettered => Instruments.Current.DeadLettered;

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
