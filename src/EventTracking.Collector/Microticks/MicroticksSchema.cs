namespace EventTracking.Collector;

/// <summary>The Microticks tables, kept in the SQLite file of the event store beside its event table.</summary>
/// <remarks>
/// Consumer keys and session tokens are stored only as SHA-256 hashes. A session's <c>token_hash</c> is
/// <see langword="null"/> while its start event is being delivered, so it cannot be used before the store has it.
/// <c>microticks_events</c> hands out the integer <c>event_id</c> the client sees, once per event id.
/// No table holds a user id or an address (Microticks has consumers, which are devices, and anonymous sessions; the
/// client's address is only in the events, where redaction and erasure reach it): <c>client_ip</c> is always empty and
/// is emptied in a file written by an earlier version.
/// </remarks>
internal static class MicroticksSchema
{
    public const string Create =
        """
        CREATE TABLE IF NOT EXISTS microticks_consumers (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            key_hash BLOB NOT NULL,
            created_at TEXT NOT NULL,
            deactivated_at TEXT
        );
        CREATE TABLE IF NOT EXISTS microticks_sessions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            token_hash BLOB UNIQUE,
            consumer_id INTEGER NOT NULL REFERENCES microticks_consumers (id),
            client_ip TEXT,
            started_at TEXT NOT NULL,
            received_at TEXT NOT NULL,
            stopped_at TEXT
        );
        CREATE TABLE IF NOT EXISTS microticks_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            event_id TEXT NOT NULL UNIQUE,
            session_id INTEGER NOT NULL
        );
        UPDATE microticks_sessions SET client_ip = NULL WHERE client_ip IS NOT NULL;
        """;

    /// <summary>Whether <paramref name="name"/> can be written into SQL as a table name: letters, digits, underscores.</summary>
    public static bool IsPlainIdentifier(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 128 || !(char.IsAsciiLetter(name[0]) || name[0] == '_')
            || name.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
