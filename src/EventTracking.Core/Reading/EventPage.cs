namespace EventTracking.Reading;

/// <summary>One page of stored events, in the order asked for.</summary>
/// <param name="Events">The events.</param>
/// <param name="Next">
/// Where the next page starts (pass it as <see cref="EventReadQuery.After"/>); <see langword="null"/> when the page
/// was not full, so no more events matched when it was read. A tail keeps the cursor of its last event instead.
/// </param>
public sealed record EventPage(IReadOnlyList<TrackingEvent> Events, EventCursor? Next)
{
    /// <summary>A page with no events and nothing after it.</summary>
    public static EventPage Empty { get; } = new([], null);
}
