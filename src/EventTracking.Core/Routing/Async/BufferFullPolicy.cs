namespace EventTracking;

/// <summary>What a durable buffer does when taking an event would make it exceed <see cref="DurableBufferOptions.MaxBytes"/>.</summary>
public enum BufferFullPolicy
{
    /// <summary>
    /// Refuse the new event (counted dropped with reason <c>buffer_full</c>); what is already on disk is kept. The default:
    /// the events a child has not taken yet are never thrown away to make room.
    /// </summary>
    RefuseNew,

    /// <summary>
    /// Delete the oldest segment file to make room; every event in it that some child had not taken yet is counted
    /// dropped for that child with reason <c>buffer_full</c>.
    /// </summary>
    DropOldest,
}
