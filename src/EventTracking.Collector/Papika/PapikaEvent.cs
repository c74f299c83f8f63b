namespace EventTracking.Collector;

/// <summary>One validated element of an <c>/api/event</c> batch, before it becomes a <see cref="TrackingEvent"/>.</summary>
/// <param name="SessionSequenceIndex">Its place among the session's events, counted by the client.</param>
/// <param name="ClientTimeText">The <c>client_time</c> text as sent (part of the event's identity).</param>
/// <param name="ClientTime">The parsed <c>client_time</c>.</param>
/// <param name="CategoryId">The application's category, 0 to 32767.</param>
/// <param name="TypeId">The application's type within the category, 0 to 32767.</param>
/// <param name="Detail">The <c>detail</c> text as sent.</param>
/// <param name="TaskStart">The task this event starts, if it starts one.</param>
/// <param name="TaskEvent">The task this event belongs to and its place in it, if it belongs to one.</param>
internal sealed record PapikaEvent(
    int SessionSequenceIndex,
    string ClientTimeText,
    PapikaClientTime ClientTime,
    int CategoryId,
    int TypeId,
    string Detail,
    (int TaskId, Guid GroupId)? TaskStart,
    (int TaskId, int TaskSequenceIndex)? TaskEvent)
{
    /// <summary>The event name: <c>papika.&lt;category_id&gt;.&lt;type_id&gt;</c>.</summary>
    public string Name => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"papika.{CategoryId}.{TypeId}");
}
