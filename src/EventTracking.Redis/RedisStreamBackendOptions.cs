namespace EventTracking;

/// <summary>Settings of a <see cref="RedisStreamBackend"/>.</summary>
public sealed class RedisStreamBackendOptions
{
    /// <summary>
    /// The Redis server: a StackExchange.Redis configuration string (<c>redis1:6379,password=…</c>) or a
    /// <c>redis://[user:password@]host[:port][/database]</c> URI. Required.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The stream key the events are appended to. <c>events</c> unless told otherwise.</summary>
    public string Stream { get; set; } = "events";

    /// <summary>
    /// Caps the stream near this many entries with <c>XADD … MAXLEN ~</c> (Redis trims whole nodes, so it may hold a
    /// few more); <see langword="null"/> for no cap. Entries trimmed before a consumer group read them are lost to it:
    /// size the cap for the longest consumer outage you ride out.
    /// </summary>
    public long? MaxLength { get; set; }

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException("RedisStreamBackendOptions.ConnectionString must name a Redis server.", nameof(ConnectionString));
        }

        if (string.IsNullOrEmpty(Stream))
        {
            throw new ArgumentException("RedisStreamBackendOptions.Stream must name a stream key.", nameof(Stream));
        }

        if (MaxLength is <= 0)
        {
            throw new ArgumentException($"RedisStreamBackendOptions.MaxLength must be positive or null, not {MaxLength}.", nameof(MaxLength));
        }
    }

    internal RedisStreamBackendOptions Clone() => (RedisStreamBackendOptions)MemberwiseClone();
}
