using EventTracking;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EventTracking.Collector;

/// <summary>
/// Opens connections to the SQLite file of the Microticks surface: the file named by
/// <see cref="MicroticksOptions.Database"/>, or that of the one <see cref="SqliteBackend"/> in the tracker's tree.
/// The Microticks tables are created with the first connection.
/// </summary>
/// <remarks>
/// Each operation opens its own pooled connection, so requests never share one; the event store's writer has its own
/// connection to the same file, which is in WAL mode, and waits for ours (and ours for it) up to the busy timeout.
/// </remarks>
internal sealed class MicroticksDatabase
{
    private const int BusyTimeoutSeconds = 5;

    private readonly IServiceProvider _services;
    private readonly MicroticksOptions _options;
    private readonly Lazy<MicroticksStoreLocation> _location;
    private readonly SemaphoreSlim _createGate = new(1, 1);
    private volatile bool _created;

    public MicroticksDatabase(IServiceProvider services, IOptions<MicroticksOptions> options)
    {
        _services = services;
        _options = options.Value;
        _location = new Lazy<MicroticksStoreLocation>(Locate);
    }

    /// <summary>The file and event table.</summary>
    /// <exception cref="EventTrackingConfigurationException">No file is configured and the tree has no single SQLite store.</exception>
    public MicroticksStoreLocation Location => _location.Value;

    /// <summary>Opens a connection for reading and writing, creating the file and the Microticks tables first if needed.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        }

        return await OpenConnectionAsync(SqliteOpenMode.ReadWrite, "", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="sql"/> on a connection of its own; <paramref name="run"/> adds parameters and executes it.</summary>
    public async Task<T> ExecuteAsync<T>(string sql, Func<SqliteCommand, Task<T>> run, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = sql;
                return await run(command).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Creates the file, switches it to WAL and creates the Microticks tables, once.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        await _createGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_created)
            {
                return;
            }

            // Usually the event store's own file; created 0600 (its folder 0700) if this opens it first.
            PrivateFiles.PrepareSqliteDatabase(Location.Path);
            var connection = await OpenConnectionAsync(SqliteOpenMode.ReadWriteCreate, "PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var command = connection.CreateCommand();
                await using (command.ConfigureAwait(false))
                {
                    command.CommandText = MicroticksSchema.Create;
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            PrivateFiles.RestrictSqliteCompanions(Location.Path);

            _created = true;
        }
        finally
        {
            _createGate.Release();
        }
    }

    private async Task<SqliteConnection> OpenConnectionAsync(SqliteOpenMode mode, string pragmas, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Location.Path,
            Mode = mode,
            Cache = SqliteCacheMode.Private,
            DefaultTimeout = BusyTimeoutSeconds,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutSeconds * 1000}; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; {pragmas}";
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private MicroticksStoreLocation Locate()
    {
        var section = _options.SectionPath;
        if (_options.Database is { } database)
        {
            return new MicroticksStoreLocation(System.IO.Path.GetFullPath(database), _options.EventsTable ?? "events");
        }

        var stores = _services.GetService<Tracker>() is { } tracker ? SqliteStores(tracker.Backend) : [];
        if (stores.Count == 1)
        {
            return stores[0];
        }

        var found = stores.Count == 0
            ? "the tracker's routing tree has no SQLite store"
            : $"the tracker's routing tree has {stores.Count} SQLite stores ({string.Join(", ", stores.Select(s => $"{s.Path} table {s.EventsTable}"))})";
        throw new EventTrackingConfigurationException(
            $"{section}:Database is not set and {found}. Set {section}:Database (and {section}:EventsTable) to the file of the SQLite store that keeps the Microticks events.");
    }

    private static List<MicroticksStoreLocation> SqliteStores(RoutingBackend root)
    {
        var found = new List<MicroticksStoreLocation>();
        var visited = new HashSet<IEventBackend>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<IEventBackend>([root]);
        while (pending.TryPop(out var backend))
        {
            if (!visited.Add(backend))
            {
                continue;
            }

            if (backend is SqliteBackend sqlite)
            {
                var location = new MicroticksStoreLocation(sqlite.Path, sqlite.TableName);
                if (!found.Contains(location))
                {
                    found.Add(location);
                }
            }
            else if (backend is RoutingBackend router)
            {
                foreach (var child in router.Backends.Values.Reverse())
                {
                    pending.Push(child);
                }
            }
        }

        return found;
    }
}
