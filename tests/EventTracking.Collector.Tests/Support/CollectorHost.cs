using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventTracking.Collector.Tests.Support;

/// <summary>
/// A collector on real Kestrel at 127.0.0.1 with a port the OS picks, storing in a fresh SQLite file. The native route
/// is at <c>/api/events</c> and Pycolytics under <c>/game/</c>. Tests give the collector keys <c>mobile</c> and
/// <c>web</c> unless they configure otherwise.
/// </summary>
internal sealed class CollectorHost : IAsyncDisposable
{
    public const string MobileKey = "mobile-secret-0123456789";
    public const string WebKey = "web-secret-9876543210";

    private readonly WebApplication _app;
    private readonly string _folder;

    private CollectorHost(WebApplication app, string folder, Tracker tracker, SqliteBackend store, CollectingLoggerProvider logs)
    {
        _app = app;
        _folder = folder;
        Tracker = tracker;
        Store = store;
        Logs = logs;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
    }

    public HttpClient Client { get; }

    public Uri BaseAddress => Client.BaseAddress!;

    public Tracker Tracker { get; }

    public SqliteBackend Store { get; }

    public CollectingLoggerProvider Logs { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a collector.</summary>
    /// <param name="configure">Changes the options after the two test keys are set.</param>
    /// <param name="tree">Builds the routing tree around the store; by default the store sits under an async node, as in production.</param>
    /// <param name="context">The tracker's process-wide context.</param>
    public static async Task<CollectorHost> StartAsync(
        Action<EventCollectorOptions>? configure = null,
        Func<SqliteBackend, IEnumerable<KeyValuePair<string, IEventBackend>>>? tree = null,
        object? context = null,
        TimeSpan? busyTimeout = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "eventtracking-collector-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var store = new SqliteBackend(new SqliteBackendOptions { Path = Path.Combine(folder, "events.db"), BusyTimeout = busyTimeout ?? TimeSpan.FromSeconds(5) });
        var backends = tree?.Invoke(store) ?? [new("store", new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["db"] = store }, options: new AsyncRoutingOptions { Name = "store-" + Guid.NewGuid().ToString("N") }))];
        var tracker = new Tracker(backends, options: new TrackerOptions { Context = context });
        var logs = new CollectingLoggerProvider();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(2));
        builder.Services.AddSingleton(tracker);
        builder.Services.AddSingleton<ITracker>(tracker);
        builder.Services.AddEventCollector(options =>
        {
            options.Keys["mobile"] = MobileKey;
            options.Keys["web"] = WebKey;
            configure?.Invoke(options);
        });

        var app = builder.Build();
        app.MapEventCollector();
        app.MapPycolytics("/game/");
        await app.StartAsync();
        return new CollectorHost(app, folder, tracker, store, logs);
    }

    /// <summary>How many events the SQLite file holds, read on a connection of its own.</summary>
    public long CountStored()
    {
        if (!File.Exists(Store.Path))
        {
            return 0;
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Store.Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'events';";
        if ((long)command.ExecuteScalar()! == 0)
        {
            return 0;
        }

        command.CommandText = "SELECT count(*) FROM events;";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The stored events, newest first.</summary>
    public async Task<IReadOnlyList<TrackingEvent>> StoredAsync() =>
        File.Exists(Store.Path) ? await Store.QueryAsync(new EventQuery { Limit = 100_000 }) : [];

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Tracker.DisposeAsync();
        await Store.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A reader in a test may still hold the file on some platforms; the temp folder is cleaned eventually.
        }
    }
}
