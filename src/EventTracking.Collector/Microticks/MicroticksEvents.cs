namespace EventTracking.Collector;

/// <summary>
/// Builds the <see cref="TrackingEvent"/>s of the Microticks surface. A session is a context: every event of a session
/// carries <c>session_id</c>, <c>consumer</c>, <c>consumer_id</c> and the client's verbatim <c>ts</c> in its context,
/// then the collector's own fields (<see cref="CollectorFields"/>, with the consumer as the key) over them. Session
/// start and stop are events too, so the store alone can answer the read routes.
/// </summary>
internal static class MicroticksEvents
{
    /// <summary>The <c>collector_surface</c> of every Microticks event.</summary>
    public const string Surface = "microticks";

    public const string SessionStartName = "microticks.session.start";

    public const string SessionStopName = "microticks.session.stop";

    /// <summary>Actions may not use this prefix: it would pass for the surface's own events.</summary>
    public const string ReservedPrefix = "microticks.";

    public const string SessionIdField = "session_id";

    public const string ConsumerField = "consumer";

    public const string ConsumerIdField = "consumer_id";

    public const string TsField = "ts";

    /// <summary>The integer <c>event_id</c> the client got back; only on action events.</summary>
    public const string EventNumberField = "microticks_event_id";

    /// <summary>How <c>data</c> was stored: <c>object</c>, <c>json</c> or <c>text</c> (see <see cref="MicroticksData"/>); only on action events.</summary>
    public const string DataFormatField = "data_format";

    /// <summary>The start of a session. Its id comes from the (random) token, so it is new for every session.</summary>
    public static TrackingEvent SessionStart(long sessionId, MicroticksConsumer consumer, string token, string ts, CollectorFields fields)
    {
        var timestamp = MicroticksTimestamp.TryParse(ts) ?? fields.ReceivedAt;
        var id = MicroticksEventIds.Derive(timestamp, "start", token);
        return new TrackingEvent(id, SessionStartName, timestamp, Context(sessionId, consumer.Id, consumer.Name, ts, fields));
    }

    /// <summary>The stop of a session; the same stop request sent again gets the same id.</summary>
    public static TrackingEvent SessionStop(MicroticksSession session, string token, string ts, CollectorFields fields)
    {
        var (id, timestamp) = Identify(session, fields, ts, "stop", token, ts);
        return new TrackingEvent(id, SessionStopName, timestamp, Context(session.Id, session.ConsumerId, session.ConsumerName, ts, fields));
    }

    /// <summary>The id of an action event: the same request sent again gets the same id.</summary>
    public static Guid ActionId(MicroticksSession session, string token, string action, string data, string ts, CollectorFields fields) =>
        Identify(session, fields, ts, "event", token, action, data, ts).Id;

    /// <summary>An action event, named after the action, with the parsed data.</summary>
    public static TrackingEvent Action(
        Guid id, long number, MicroticksSession session, string action, MicroticksData data, string ts, CollectorFields fields)
    {
        var context = Context(session.Id, session.ConsumerId, session.ConsumerName, ts, fields);
        context[EventNumberField] = number;
        context[DataFormatField] = data.Format;
        return new TrackingEvent(id, action, MicroticksTimestamp.TryParse(ts) ?? fields.ReceivedAt, context, data.Values);
    }

    // A ts that does not parse cannot order the id by time, and the receive time would differ on a resend: the
    // session's own start time keeps the id the same.
    private static (Guid Id, DateTimeOffset Timestamp) Identify(
        MicroticksSession session, CollectorFields fields, string ts, params ReadOnlySpan<string> parts)
    {
        var parsed = MicroticksTimestamp.TryParse(ts);
        return (MicroticksEventIds.Derive(parsed ?? session.ReceivedAt, parts), parsed ?? fields.ReceivedAt);
    }

    private static Dictionary<string, object?> Context(long sessionId, long consumerId, string consumerName, string ts, CollectorFields fields)
    {
        var context = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [SessionIdField] = sessionId,
            [ConsumerField] = consumerName,
            [ConsumerIdField] = consumerId,
            [TsField] = ts,
        };
        return fields.ApplyTo(context);
    }
}
