namespace EventTracking.Collector;

/// <summary>
/// The sessions table. A session is reserved (its number allocated, no token yet), opened once its start event is
/// stored, or discarded when that failed; it is found only by the hash of its token.
/// </summary>
internal sealed class MicroticksSessions
{
    private readonly MicroticksDatabase _database;

    public MicroticksSessions(MicroticksDatabase database)
    {
        _database = database;
    }

    /// <summary>Allocates a session number; the session cannot be used until <see cref="OpenAsync"/>.</summary>
    /// <remarks>
    /// The client's address is not kept here (the column stays empty): it travels in the session's events, where the
    /// routing tree's redactors truncate or hash it and erasure deletes it, and the read routes take it from there.
    /// </remarks>
    public Task<long> ReserveAsync(long consumerId, string startedAt, DateTimeOffset receivedAt, CancellationToken cancellationToken) =>
        _database.ExecuteAsync(
            """
            INSERT INTO microticks_sessions (consumer_id, client_ip, started_at, received_at)
            VALUES ($consumer, NULL, $started, $received) RETURNING id;
            """,
            async command =>
            {
                command.Parameters.AddWithValue("$consumer", consumerId);
                command.Parameters.AddWithValue("$started", startedAt);
                command.Parameters.AddWithValue("$received", EventJson.FormatTimestamp(receivedAt));
                return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            },
            cancellationToken);

    /// <summary>Gives a reserved session its token, which from now on finds it.</summary>
    public Task OpenAsync(long id, string token, CancellationToken cancellationToken) =>
        _database.ExecuteAsync(
            "UPDATE microticks_sessions SET token_hash = $hash WHERE id = $id;",
            command =>
            {
                command.Parameters.AddWithValue("$id", id);
                command.Parameters.AddWithValue("$hash", ApiKeys.Hash(token));
                return command.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);

    /// <summary>Removes a reserved session whose start could not be stored.</summary>
    public Task DiscardAsync(long id, CancellationToken cancellationToken) =>
        _database.ExecuteAsync(
            "DELETE FROM microticks_sessions WHERE id = $id AND token_hash IS NULL;",
            command =>
            {
                command.Parameters.AddWithValue("$id", id);
                return command.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);

    /// <summary>Finds the session of <paramref name="token"/>, stopped or not.</summary>
    /// <remarks>
    /// The lookup is by the token's SHA-256 hash, so the time an index lookup takes can only tell an attacker about
    /// hashes, never about how much of a token was right.
    /// </remarks>
    public Task<MicroticksSession?> FindAsync(string token, CancellationToken cancellationToken) =>
        _database.ExecuteAsync(
            """
            SELECT s.id, s.consumer_id, c.name, s.received_at, s.stopped_at IS NOT NULL
            FROM microticks_sessions AS s JOIN microticks_consumers AS c ON c.id = s.consumer_id
            WHERE s.token_hash = $hash;
            """,
            async command =>
            {
                command.Parameters.AddWithValue("$hash", ApiKeys.Hash(token));
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        return null;
                    }

                    return new MicroticksSession(
                        reader.GetInt64(0),
                        reader.GetInt64(1),
                        reader.GetString(2),
                        EventJson.ParseTimestamp(reader.GetString(3)),
                        reader.GetBoolean(4));
                }
            },
            cancellationToken);

    /// <summary>Marks the session stopped at the client's <paramref name="stoppedAt"/>.</summary>
    /// <returns>Whether this call stopped it; <see langword="false"/> when another request stopped it first.</returns>
    public Task<bool> StopAsync(long id, string stoppedAt, CancellationToken cancellationToken) =>
        _database.ExecuteAsync(
            "UPDATE microticks_sessions SET stopped_at = $stopped WHERE id = $id AND stopped_at IS NULL;",
            async command =>
            {
                command.Parameters.AddWithValue("$id", id);
                command.Parameters.AddWithValue("$stopped", stoppedAt);
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
            },
            cancellationToken);
}
