using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace EventTracking;

/// <summary>
/// The Redis stream instruments on one <c>EventTracking</c> meter, and the consumers built with them, whose lag and
/// pending counts its gauges report (a container's gauges report only that container's consumers).
/// </summary>
internal sealed class RedisStreamInstruments
{
    private readonly ConcurrentDictionary<RedisStreamConsumer, bool> _consumers = new();

    public RedisStreamInstruments(Meter meter)
    {
        Consumed = meter.CreateCounter<long>("eventtracking.redis.consumed", "{event}", "Events a Redis stream consumer delivered and acknowledged.");
        Claimed = meter.CreateCounter<long>(
            "eventtracking.redis.claimed", "{entry}", "Entries a consumer took over from another one that held them past the idle time.");
        Redelivered = meter.CreateCounter<long>(
            "eventtracking.redis.redelivered",
            "{entry}",
            "Entries handed to the tracker again after an earlier consumer (or this one, before a failure) had read them: own pending entries re-read and entries claimed. They are not counted again on eventtracking.events.emitted.");
        DeliveryFailures = meter.CreateCounter<long>(
            "eventtracking.redis.delivery_failures", "{batch}", "Batches whose delivery to the tracker's stores failed and will be tried again.");
        DeadLettered = meter.CreateCounter<long>(
            "eventtracking.redis.dead_lettered", "{entry}", "Entries moved to the dead-letter stream, tagged with the reason.");
        meter.CreateObservableGauge("eventtracking.redis.lag", () => Observe(c => c.LastLag), "{entry}", "Entries in the stream the group has not read yet.");
        meter.CreateObservableGauge(
            "eventtracking.redis.pending", () => Observe(c => c.LastPending), "{entry}", "Entries read by the group but not acknowledged yet.");
    }

    public Counter<long> Consumed { get; }

    public Counter<long> Claimed { get; }

    public Counter<long> Redelivered { get; }

    public Counter<long> DeliveryFailures { get; }

    public Counter<long> DeadLettered { get; }

    public void Register(RedisStreamConsumer consumer) => _consumers[consumer] = true;

    public void Unregister(RedisStreamConsumer consumer) => _consumers.TryRemove(consumer, out _);

    private IEnumerable<Measurement<long>> Observe(Func<RedisStreamConsumer, long?> read)
    {
        foreach (var consumer in _consumers.Keys)
        {
            if (read(consumer) is { } value)
            {
                yield return new Measurement<long>(value, consumer.MetricTags);
            }
        }
    }
}
