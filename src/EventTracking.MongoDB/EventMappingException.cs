namespace EventTracking;

/// <summary>An event holds a value that the store cannot represent, so that one event cannot be stored.</summary>
/// <remarks>
/// <see cref="MongoBackend"/> never lets this fail a batch: the event is skipped, logged with this message and
/// counted on the <c>EventTracking</c> meter as dropped with reason <c>unmappable</c>.
/// </remarks>
public sealed class EventMappingException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="eventId">The id of the event that cannot be stored.</param>
    /// <param name="eventName">Its name.</param>
    /// <param name="message">What cannot be represented, and where in the event.</param>
    /// <param name="innerException">The serializer's own error, if any.</param>
    public EventMappingException(Guid eventId, string eventName, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        EventId = eventId;
        EventName = eventName;
    }

    /// <summary>The id of the event that cannot be stored.</summary>
    public Guid EventId { get; }

    /// <summary>The name of the event that cannot be stored.</summary>
    public string EventName { get; }
}
