namespace EventTracking.Collector;

/// <summary>
/// Hands out the integer <c>event_id</c> a client gets back: one autoincrement row per event id, so an event sent
/// again with the same id gets the same number.
/// </summary>
internal sealed class MicroticksEventNumbers
{
    private readonly MicroticksDatabase _database;

    public MicroticksEventNumbers(MicroticksDatabase database)
    {
        _database = database;
    }

    public Task<long> NumberAsync(Guid eventId, long sessionId, CancellationToken cancellationToken) =>
        _database.ExecuteAsync(
            // Insert only when absent: an upsert would take (and waste) an AUTOINCREMENT number even when the row exists.
            """
            INSERT INTO microticks_events (event_id, session_id)
            SELECT $event, $session WHERE NOT EXISTS (SELECT 1 FROM microticks_events WHERE event_id = $event)
            ON CONFLICT (event_id) DO NOTHING;
            SELECT id FROM microticks_events WHERE event_id = $event;
            """,
            async command =>
            {
                command.Parameters.AddWithValue("$event", eventId.ToString());
                command.Parameters.AddWithValue("$session", sessionId);
                return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            },
            cancellationToken);
}
