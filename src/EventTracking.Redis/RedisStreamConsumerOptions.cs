using System.Globalization;

namespace EventTracking;

/// <summary>Settings of a <see cref="RedisStreamConsumer"/>; bound from configuration by <c>AddRedisStreamConsumer(section)</c>.</summary>
public sealed class RedisStreamConsumerOptions
{
    /// <summary>The Redis server, as for <see cref="RedisStreamBackendOptions.ConnectionString"/>. Required.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The stream key to read. <c>events</c> unless told otherwise.</summary>
    public string Stream { get; set; } = "events";

    /// <summary>The consumer group; created (with the stream) when missing. <c>eventtracking</c> unless told otherwise.</summary>
    public string Group { get; set; } = "eventtracking";

    /// <summary>
    /// This consumer's name within the group; the machine name and process id unless told otherwise, so every process is
    /// a consumer of its own and a restarted one does not inherit a dead one's entries except by claiming them.
    /// </summary>
    public string Consumer { get; set; } = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}");

    /// <summary>Where a newly created group starts: <c>0</c> (the whole stream, the default) or <c>$</c> (only new entries).</summary>
    public string StartId { get; set; } = "0";

    /// <summary>The most entries read, delivered and acknowledged at once. 500 unless told otherwise.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>How long to wait after a read that found nothing new. 100 ms unless told otherwise.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long an entry may stay delivered but unacknowledged by its consumer before another consumer takes it over
    /// (<c>XAUTOCLAIM</c>): longer than the slowest healthy delivery, short enough to bound the delay after a crash.
    /// 30 seconds unless told otherwise.
    /// </summary>
    public TimeSpan ClaimIdleTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often this consumer looks for idle entries to claim. 5 seconds unless told otherwise.</summary>
    public TimeSpan ClaimInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Removes from the group (<c>XGROUP DELCONSUMER</c>) other consumers that hold no pending entry and have not read for
    /// this long, checked with the claims: consumer names include the process id, so without it every restart leaves a
    /// name behind in <c>XINFO CONSUMERS</c>. The check and the removal are one atomic script, so nothing pending is
    /// ever dropped, and a live consumer that is removed comes back at its next read. One hour unless told otherwise;
    /// <see langword="null"/> keeps every name.
    /// </summary>
    public TimeSpan? RemoveIdleConsumersAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How many failed deliveries of an entry (counting those of consumers that died holding it) are tried before it is
    /// moved to <see cref="DeadLetterStream"/>. 10 unless told otherwise.
    /// </summary>
    public int MaxDeliveries { get; set; } = 10;

    /// <summary>The wait after the first failed delivery of a batch; each further failure doubles it, capped at 30 seconds. 500 ms unless told otherwise.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The stream that takes entries that cannot be delivered; <see langword="null"/> for <c>{Stream}:dead</c>.</summary>
    public string? DeadLetterStream { get; set; }

    /// <summary>How often the lag and pending gauges are refreshed from the server. 5 seconds unless told otherwise.</summary>
    public TimeSpan MetricsInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The dead-letter stream in force.</summary>
    internal string DeadLetterStreamOrDefault => string.IsNullOrEmpty(DeadLetterStream) ? Stream + ":dead" : DeadLetterStream;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    internal void Validate()
    {
        Require(ConnectionString, nameof(ConnectionString), "must name a Redis server");
        Require(Stream, nameof(Stream), "must name a stream key");
        Require(Group, nameof(Group), "must name a consumer group");
        Require(Consumer, nameof(Consumer), "must name this consumer");
        if (StartId is not ("0" or "$"))
        {
            throw new ArgumentException($"RedisStreamConsumerOptions.StartId must be \"0\" (the whole stream) or \"$\" (new entries only), not '{StartId}'.", nameof(StartId));
        }

        Positive(BatchSize, nameof(BatchSize));
        Positive(MaxDeliveries, nameof(MaxDeliveries));
        AtLeast(PollInterval, TimeSpan.FromMilliseconds(1), nameof(PollInterval));
        AtLeast(ClaimIdleTime, TimeSpan.FromMilliseconds(1), nameof(ClaimIdleTime));
        AtLeast(ClaimInterval, TimeSpan.FromMilliseconds(1), nameof(ClaimInterval));
        AtLeast(RetryBaseDelay, TimeSpan.Zero, nameof(RetryBaseDelay));
        AtLeast(MetricsInterval, TimeSpan.FromMilliseconds(1), nameof(MetricsInterval));
        if (RemoveIdleConsumersAfter is { } removeAfter)
        {
            AtLeast(removeAfter, TimeSpan.FromMilliseconds(1), nameof(RemoveIdleConsumersAfter));
        }
        if (DeadLetterStreamOrDefault == Stream)
        {
            throw new ArgumentException("RedisStreamConsumerOptions.DeadLetterStream must differ from Stream.", nameof(DeadLetterStream));
        }
    }

    internal RedisStreamConsumerOptions Clone() => (RedisStreamConsumerOptions)MemberwiseClone();

    private static void Require(string? value, string name, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"RedisStreamConsumerOptions.{name} {what}.", name);
        }
    }

    private static void Positive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"RedisStreamConsumerOptions.{name} must be positive, not {value}."), name);
        }
    }

    private static void AtLeast(TimeSpan value, TimeSpan minimum, string name)
    {
        if (value < minimum || value > TimeSpan.FromDays(1))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"RedisStreamConsumerOptions.{name} must be between {minimum} and one day, not {value}."), name);
        }
    }
}
