using Microsoft.Extensions.Hosting;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace EventTracking.Collector;

/// <summary>
/// Papika's own small store in an embedded SQLite file: users and their save data, sessions, and experiment
/// assignments. Events are not kept here; they go through the tracker's routing tree.
/// </summary>
/// <remarks>
/// Each operation opens a pooled connection of its own, so requests run side by side; the file is in WAL mode and a
/// writer waits up to five seconds for another. Failures surface as <see cref="SqliteException"/>, which the endpoint
/// answers with 503. It is an <see cref="IErasableStore"/>: the collector's erasure endpoint deletes a user's rows here
/// as well as the user's events in the tree's stores.
/// </remarks>
internal sealed class PapikaStore : IAsyncDisposable, IErasableStore
{
    private readonly string _connectionString;
    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _setupGate = new(1, 1);
    private volatile bool _ready;

    /// <summary>A relative <see cref="PapikaOptions.StorePath"/> is taken from the content root, like the event store's path.</summary>
    public PapikaStore(IOptions<PapikaOptions> options, TimeProvider? time = null, IHostEnvironment? environment = null)
    {
        _path = Path.GetFullPath(options.Value.StorePath, environment?.ContentRootPath is { Length: > 0 } root ? root : Directory.GetCurrentDirectory());
        _time = time ?? TimeProvider.System;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 5,
        }.ToString();
    }

    /// <summary>The user id of <paramref name="username"/>, created (a random UUID) when the name is new.</summary>
    public async Task<Guid> FindOrCreateUserAsync(string username, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = PapikaStoreSql.InsertUser;
        command.Parameters.AddWithValue("$id", Guid.NewGuid().ToString("D"));
        command.Parameters.AddWithValue("$username", username);
        command.Parameters.AddWithValue("$now", Now());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        command.CommandText = PapikaStoreSql.SelectUserId;
        var id = (string)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return Guid.Parse(id);
    }

    /// <summary>Whether the user exists, and its save data (null when none was saved).</summary>
    public async Task<(bool Found, string? SaveData)> GetSaveDataAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = PapikaStoreSql.SelectSaveData;
        command.Parameters.AddWithValue("$id", userId.ToString("D"));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return (false, null);
        }

        return (true, reader.IsDBNull(0) ? null : reader.GetString(0));
    }

    /// <summary>Replaces the user's save data.</summary>
    /// <returns>Whether the user exists.</returns>
    public async Task<bool> SetSaveDataAsync(Guid userId, string? saveData, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = PapikaStoreSql.UpdateSaveData;
        command.Parameters.AddWithValue("$id", userId.ToString("D"));
        command.Parameters.AddWithValue("$savedata", (object?)saveData ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>The user's condition in the experiment: <paramref name="candidate"/> if it has none yet, else the one it was given.</summary>
    public async Task<int> AssignConditionAsync(Guid userId, Guid experimentId, int candidate, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = PapikaStoreSql.InsertCondition;
        command.Parameters.AddWithValue("$user", userId.ToString("D"));
        command.Parameters.AddWithValue("$experiment", experimentId.ToString("D"));
        command.Parameters.AddWithValue("$condition", candidate);
        command.Parameters.AddWithValue("$now", Now());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        command.CommandText = PapikaStoreSql.SelectCondition;
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    public async Task CreateSessionAsync(PapikaSession session, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = PapikaStoreSql.InsertSession;
        command.Parameters.AddWithValue("$id", session.Id.ToString("D"));
        command.Parameters.AddWithValue("$key", session.Key);
        command.Parameters.AddWithValue("$user", session.UserId.ToString("D"));
        command.Parameters.AddWithValue("$release", session.ReleaseId.ToString("D"));
        command.Parameters.AddWithValue("$revid", session.LibraryRevid);
        command.Parameters.AddWithValue("$now", Now());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The session, or null when no session has that id.</summary>
    public async Task<PapikaSession?> FindSessionAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = PapikaStoreSql.SelectSession;
        command.Parameters.AddWithValue("$id", sessionId.ToString("D"));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new PapikaSession(sessionId, reader.GetString(0), Guid.Parse(reader.GetString(1)), Guid.Parse(reader.GetString(2)), reader.GetString(3));
    }

    /// <summary>
    /// Deletes the user (by its Papika id, the <c>user_id</c> of its events), its save data, its sessions and its
    /// experiment assignments.
    /// </summary>
    /// <returns>How many rows were deleted; 0 when the store has never been written.</returns>
    public async ValueTask<long> EraseUserAsync(UserErasure erasure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(erasure);
        if (!File.Exists(_path))
        {
            return 0;
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return PapikaUserErasure.Erase(connection, erasure.Values);
    }

    /// <summary>Closes the pooled connections, so the file is no longer held open.</summary>
    public ValueTask DisposeAsync()
    {
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _setupGate.Dispose();
        return ValueTask.CompletedTask;
    }

    private string Now() => EventJson.FormatTimestamp(_time.GetUtcNow());

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_ready)
        {
            await SetUpAsync(cancellationToken).ConfigureAwait(false);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task SetUpAsync(CancellationToken cancellationToken)
    {
        await _setupGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ready)
            {
                return;
            }

            // Created 0600 (its folder 0700) before SQLite opens it: it holds user names and client addresses.
            PrivateFiles.PrepareSqliteDatabase(_path);
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = PapikaStoreSql.Setup;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            PrivateFiles.RestrictSqliteCompanions(_path);
            _ready = true;
        }
        finally
        {
            _setupGate.Release();
        }
    }
}
