using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace EventTracking.Collector;

/// <summary>The consumers table: created and deactivated by an operator, looked up by key when a session starts.</summary>
internal sealed class MicroticksConsumers
{
    private const int SqliteConstraint = 19;
    private const int MaxNameLength = 200;

    private readonly MicroticksDatabase _database;
    private readonly TimeProvider _time;

    public MicroticksConsumers(MicroticksDatabase database, TimeProvider? time = null)
    {
        _database = database;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Whether <paramref name="name"/> can name a consumer: 1 to 200 characters, not blank, no control characters.</summary>
    public static bool IsValidName(string name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= MaxNameLength && !name.Any(char.IsControl);

    /// <summary>Creates a consumer with a new key.</summary>
    /// <returns>The consumer and its key, which is not stored and cannot be shown again; <see langword="null"/> when the name is taken.</returns>
    public Task<(MicroticksConsumer Consumer, string Key)?> CreateAsync(string name, CancellationToken cancellationToken)
    {
        var key = MicroticksKeys.NewSecret();
        var createdAt = EventJson.FormatTimestamp(_time.GetUtcNow());
        return _database.ExecuteAsync<(MicroticksConsumer, string)?>(
            "INSERT INTO microticks_consumers (name, key_hash, created_at) VALUES ($name, $hash, $created) RETURNING id;",
            async command =>
            {
                command.Parameters.AddWithValue("$name", name);
                command.Parameters.AddWithValue("$hash", ApiKeys.Hash(key));
                command.Parameters.AddWithValue("$created", createdAt);
                try
                {
                    var id = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                    return (new MicroticksConsumer(id, name, createdAt, null), key);
                }
                catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteConstraint)
                {
                    return null;
                }
            },
            cancellationToken);
    }

    /// <summary>Deactivates the consumer called <paramref name="name"/>: its key no longer starts sessions.</summary>
    /// <returns>Whether such a consumer exists (deactivating twice keeps the first time).</returns>
    public Task<bool> DeactivateAsync(string name, CancellationToken cancellationToken) =>
        _database.ExecuteAsync(
            "UPDATE microticks_consumers SET deactivated_at = COALESCE(deactivated_at, $now) WHERE name = $name;",
            async command =>
            {
                command.Parameters.AddWithValue("$name", name);
                command.Parameters.AddWithValue("$now", EventJson.FormatTimestamp(_time.GetUtcNow()));
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
            },
            cancellationToken);

    /// <summary>Every consumer, by id.</summary>
    public async Task<IReadOnlyList<MicroticksConsumer>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await ReadAllAsync(cancellationToken).ConfigureAwait(false)).Select(c => c.Consumer)];

    /// <summary>Finds the consumer whose key is <paramref name="key"/>, active or not.</summary>
    /// <remarks>
    /// Every consumer's hash is compared, in constant time, so the time taken reveals neither how much of a key was
    /// right nor which consumer matched. Operators create few consumers, so reading them all is cheap.
    /// </remarks>
    public async Task<MicroticksConsumer?> FindByKeyAsync(string key, CancellationToken cancellationToken)
    {
        var presented = ApiKeys.Hash(key);
        MicroticksConsumer? found = null;
        foreach (var (consumer, hash) in await ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (CryptographicOperations.FixedTimeEquals(presented, hash))
            {
                found ??= consumer;
            }
        }

        return found;
    }

    private Task<List<(MicroticksConsumer Consumer, byte[] KeyHash)>> ReadAllAsync(CancellationToken cancellationToken) =>
        _database.ExecuteAsync(
            "SELECT id, name, created_at, deactivated_at, key_hash FROM microticks_consumers ORDER BY id;",
            async command =>
            {
                var consumers = new List<(MicroticksConsumer, byte[])>();
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var consumer = new MicroticksConsumer(
                            reader.GetInt64(0),
                            reader.GetString(1),
                            reader.GetString(2),
                            reader.IsDBNull(3) ? null : reader.GetString(3));
                        consumers.Add((consumer, (byte[])reader.GetValue(4)));
                    }
                }

                return consumers;
            },
            cancellationToken);
}
