namespace EventTracking;

/// <summary>The field names of a stream entry written by <see cref="RedisStreamBackend"/> and of a dead-letter entry.</summary>
public static class RedisStreamFields
{
    /// <summary>The event id (<see cref="TrackingEvent.Id"/>), so tools can find an event without parsing it.</summary>
    public const string Id = "id";

    /// <summary>The event as canonical JSON (<see cref="EventJson"/>).</summary>
    public const string Event = "event";

    /// <summary>In a dead-letter entry: the id of the entry in the source stream.</summary>
    public const string SourceEntry = "source_entry";

    /// <summary>In a dead-letter entry: why it was set aside, <c>invalid</c> or <c>max_deliveries</c>.</summary>
    public const string Reason = "reason";

    /// <summary>In a dead-letter entry: the last error, shortened.</summary>
    public const string Error = "error";

    /// <summary>In a dead-letter entry: the consumer that set it aside.</summary>
    public const string Consumer = "consumer";
}
