namespace EventTracking;

/// <summary>
/// Declares the Redis stream instruments on the library's <c>EventTracking</c> meter; a consumer takes the set of the
/// container that builds it (<c>AddRedisStreamConsumer</c>), or the library's own, and tags them with stream and group.
/// </summary>
internal static class RedisStreamMetrics
{
    public static readonly EventTrackingInstruments<RedisStreamInstruments> Instruments =
        EventTrackingDiagnostics.CreateInstruments(meter => new RedisStreamInstruments(meter));

    public static KeyValuePair<string, object?>[] Tags(RedisStreamConsumerOptions options, string? reason = null) => reason is null
        ? [new("eventtracking.redis.stream", options.Stream), new("eventtracking.redis.group", options.Group)]
        : [new("eventtracking.redis.stream", options.Stream), new("eventtracking.redis.group", options.Group), new("eventtracking.drop.reason", reason)];
}
