namespace EventTracking;

/// <summary>How a <see cref="SerilogBackend"/> shapes each event it writes.</summary>
public enum SerilogEventFormat
{
    /// <summary>
    /// One log event with the message template <c>Tracking event {EventName}</c> and the properties
    /// <c>EventName</c>, <c>EventId</c>, <c>EventTimestamp</c>, <c>Context</c> and <c>Data</c>; nested objects stay nested,
    /// so every sink gets queryable fields.
    /// </summary>
    Structured,

    /// <summary>
    /// One log event whose rendered message is the event's canonical JSON (one event per line, as edX's
    /// <c>LoggerBackend</c> writes); the JSON is also the <c>EventJson</c> property.
    /// </summary>
    Json,
}
