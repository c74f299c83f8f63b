namespace EventTracking.AspNetCore;

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
            // DO UPDATE (a no-op) rather than DO NOTHING, so RETURNING yields the existing row too.
            """
            INSERT INTO microticks_events (event_id, session_id) VALUES ($event, $session)
            ON CONFLICT (event_id) DO UPDATE SET event_id = excluded.event_id RETURNING id;
            """,
            async command =>
            {
                command.Parameters.AddWithValue("$event", eventId.ToString());
                command.Parameters.AddWithValue("$session", sessionId);
                return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            },
            cancellationToken);
}
