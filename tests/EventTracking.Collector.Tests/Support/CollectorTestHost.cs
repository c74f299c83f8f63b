using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace EventTracking.Collector.Tests.Support;

/// <summary>
/// A collector on real Kestrel at 127.0.0.1 with a port the OS picks, storing in <c>events.db</c> in a fresh temporary
/// folder, with every log line kept in <see cref="Logs"/>. What it serves and how it stores is set on a
/// <see cref="CollectorTestHostBuilder"/>; disposing it stops the app, disposes the tracker and the store and deletes
/// the folder.
/// </summary>
internal sealed class CollectorTestHost : IAsyncDisposable
{
    public const string MobileKey = "mobile-secret-0123456789";
    public const string WebKey = "web-secret-9876543210";

    private readonly WebApplication _app;
    private readonly SwitchableStore? _switch;
    private readonly FakeTimeProvider? _clock;

    private CollectorTestHost(WebApplication app, CollectorTestHostBuilder setup, Tracker tracker, SqliteBackend store, SwitchableStore? @switch, CollectingLoggerProvider logs)
    {
        _app = app;
        _switch = @switch;
        _clock = setup.Clock;
        Folder = setup.Folder;
        Tracker = tracker;
        Store = store;
        Logs = logs;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
    }

    public HttpClient Client { get; }

    public Uri BaseAddress => Client.BaseAddress!;

    /// <summary>The temporary folder that holds <c>events.db</c> and any other file of the host.</summary>
    public string Folder { get; }

    public Tracker Tracker { get; }

    public SqliteBackend Store { get; }

    /// <summary>Set <see cref="SwitchableStore.Down"/> to make every delivery through it fail.</summary>
    /// <exception cref="InvalidOperationException">The builder placed no switch.</exception>
    public SwitchableStore Switch => _switch ?? throw new InvalidOperationException(
        "This host has no switch: call SwitchInFrontOfStore() or SwitchBesideStore(name) on its builder.");

    /// <summary>The fake clock of the tracker and the services.</summary>
    /// <exception cref="InvalidOperationException">The builder set no clock.</exception>
    public FakeTimeProvider Clock => _clock ?? throw new InvalidOperationException("This host has no fake clock: call WithClock(now) on its builder.");

    public CollectingLoggerProvider Logs { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a collector; when it cannot start, everything started so far is disposed and the error is thrown.</summary>
    /// <param name="configure">What to serve and how to store; by default the native and Pycolytics routes over an async store.</param>
    public static async Task<CollectorTestHost> StartAsync(Action<CollectorTestHostBuilder>? configure = null)
    {
        var setup = new CollectorTestHostBuilder(Directory.CreateTempSubdirectory("et-collector-").FullName);
        SqliteBackend? store = null;
        Tracker? tracker = null;
        WebApplication? app = null;
        try
        {
            configure?.Invoke(setup);
            store = new SqliteBackend(new SqliteBackendOptions { Path = Path.Combine(setup.Folder, "events.db"), BusyTimeout = setup.BusyTimeout });
            var (backends, @switch) = setup.Build(store);
            tracker = new Tracker(backends, setup.Processors, new TrackerOptions { Context = setup.Context, TimeProvider = (TimeProvider?)setup.Clock ?? TimeProvider.System });
            var logs = new CollectingLoggerProvider();
            app = Build(setup, tracker, logs);
            await app.StartAsync();
            return new CollectorTestHost(app, setup, tracker, store, @switch, logs);
        }
        catch (Exception startFailure)
        {
            try
            {
                await StopAsync(app, tracker, store, setup.Folder);
            }
            catch (Exception cleanupFailure)
            {
                throw new AggregateException(startFailure, cleanupFailure);
            }

            throw;
        }
    }

    /// <summary>How many events the SQLite file holds (of one session, when <paramref name="sessionId"/> is given), read on a connection of its own.</summary>
    public long CountStored(string? sessionId = null) => sessionId is null
        ? CountStoredWhere("1 = 1")
        : CountStoredWhere("json_extract(context, '$.session_id') = $session", ("$session", sessionId));

    /// <summary>How many stored events match an SQL condition on the <c>events</c> table, with <c>$name</c> parameters.</summary>
    public long CountStoredWhere(string condition, params IEnumerable<(string Name, object Value)> parameters) =>
        ReadOnlySqlite.Count(Store.Path, "events", condition, parameters);

    /// <summary>The stored events (of one session, when <paramref name="sessionId"/> is given), oldest first.</summary>
    public async Task<IReadOnlyList<TrackingEvent>> StoredAsync(string? sessionId = null) =>
        File.Exists(Store.Path)
            ? [.. (await Store.QueryAsync(new EventQuery { Limit = 100_000 })).Reverse().Where(e => sessionId is null || Equals(e.Context.GetValueOrDefault("session_id"), sessionId))]
            : [];

    /// <summary>Posts a body exactly as given, with <c>Content-Type: application/json</c>, and an <c>Origin</c> when one is given.</summary>
    public async Task<HttpResponseMessage> PostJsonAsync(string path, string body, string? origin = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await StopAsync(_app, Tracker, Store, Folder);
    }

    private static WebApplication Build(CollectorTestHostBuilder setup, Tracker tracker, CollectingLoggerProvider logs)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = setup.Folder });
        builder.Configuration.AddInMemoryCollection(setup.Settings);
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(2));
        builder.Services.AddSingleton(tracker);
        builder.Services.AddSingleton<ITracker>(tracker);
        if (setup.Clock is { } clock)
        {
            builder.Services.AddSingleton<TimeProvider>(clock);
        }

        builder.Services.AddEventCollector(setup.ConfigureCollector);
        setup.RegisterServices(builder.Services, builder.Configuration);
        var app = builder.Build();
        setup.MapEndpoints(app);
        return app;
    }

    private static async Task StopAsync(WebApplication? app, Tracker? tracker, SqliteBackend? store, string folder)
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        if (tracker is not null)
        {
            await tracker.DisposeAsync();
        }

        if (store is not null)
        {
            await store.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A reader in a test may still hold a file on some platforms; the temp folder is cleaned eventually.
        }
    }
}
