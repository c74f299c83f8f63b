using System.Diagnostics.Metrics;

namespace EventTracking;

/// <summary>The Redis stream instruments on one <c>EventTracking</c> meter; made again when the library moves to another.</summary>
internal sealed class RedisStreamInstruments
{
    public RedisStreamInstruments(Meter meter, Func<Func<RedisStreamConsumer, long?>, IEnumerable<Measurement<long>>> observe)
    {
        Consumed = meter.CreateCounter<long>("eventtracking.redis.consumed", "{event}", "Events a Redis stream consumer delivered and acknowledged.");
        Claimed = meter.CreateCounter<long>(
            "eventtracking.redis.claimed", "{entry}", "Entries a consumer took over from another one that held them past the idle time.");
        DeliveryFailures = meter.CreateCounter<long>(
            "eventtracking.redis.delivery_failures", "{batch}", "Batches whose delivery to the tracker's stores failed and will be tried again.");
        DeadLettered = meter.CreateCounter<long>(
            "eventtracking.redis.dead_lettered", "{entry}", "Entries moved to the dead-letter stream, tagged with the reason.");
        meter.CreateObservableGauge("eventtracking.redis.lag", () => observe(c => c.LastLag), "{entry}", "Entries in the stream the group has not read yet.");
        meter.CreateObservableGauge(
            "eventtracking.redis.pending", () => observe(c => c.LastPending), "{entry}", "Entries read by the group but not acknowledged yet.");
    }

    public Counter<long> Consumed { get; }

    public Counter<long> Claimed { get; }

    public Counter<long> DeliveryFailures { get; }

    public Counter<long> DeadLettered { get; }
}
