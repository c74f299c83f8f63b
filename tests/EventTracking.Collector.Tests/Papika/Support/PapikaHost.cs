using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventTracking.Collector.Tests.Papika.Support;

/// <summary>
/// A collector with the Papika routes on real Kestrel at 127.0.0.1 (a port the OS picks), storing events in a fresh
/// SQLite file behind a switch that can take the store down, and Papika's own tables in another file beside it.
/// Experiment <see cref="TwoConditions"/> has 2 conditions and <see cref="FiveConditions"/> has 5.
/// </summary>
internal sealed class PapikaHost : IAsyncDisposable
{
    public const string TwoConditions = "00000000-0000-0000-0000-000000000000";
    public const string FiveConditions = "5f0c8a4e-2b1d-4c3e-9a7f-6d5e4c3b2a19";
    public const string ReleaseId = "de4b98ad-3f9a-4aa9-ba7a-9f8cd80eab6e";

    private readonly WebApplication _app;
    private readonly string _folder;

    private PapikaHost(WebApplication app, string folder, Tracker tracker, SqliteBackend store, SwitchableStore gate)
    {
        _app = app;
        _folder = folder;
        Tracker = tracker;
        Store = store;
        Gate = gate;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
    }

    public HttpClient Client { get; }

    public Uri BaseAddress => Client.BaseAddress!;

    public Tracker Tracker { get; }

    public SqliteBackend Store { get; }

    /// <summary>Set <see cref="SwitchableStore.Down"/> to make every delivery fail.</summary>
    public SwitchableStore Gate { get; }

    public string Folder => _folder;

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a host.</summary>
    /// <param name="configure">Changes Papika's options after the test experiments are set.</param>
    /// <param name="context">The tracker's process-wide context.</param>
    /// <param name="collector">Changes the collector's options (a key the Papika routes never use is set first).</param>
    public static async Task<PapikaHost> StartAsync(Action<PapikaOptions>? configure = null, object? context = null, Action<EventCollectorOptions>? collector = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "eventtracking-papika-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var store = new SqliteBackend(new SqliteBackendOptions { Path = Path.Combine(folder, "events.db") });
        var gate = new SwitchableStore(store);
        var tracker = new Tracker(
            [new("store", new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["db"] = gate }, options: new AsyncRoutingOptions { Name = "papika-" + Guid.NewGuid().ToString("N") }))],
            options: new TrackerOptions { Context = context });

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(2));
        builder.Services.AddSingleton(tracker);
        builder.Services.AddSingleton<ITracker>(tracker);
        builder.Services.AddEventCollector(options =>
        {
            options.Keys["native"] = "a-key-papika-never-uses";
            collector?.Invoke(options);
        });
        builder.Services.AddPapika(options =>
        {
            options.StorePath = Path.Combine(folder, "papika.db");
            options.Experiments[TwoConditions] = 2;
            options.Experiments[FiveConditions] = 5;
            configure?.Invoke(options);
        });

        var app = builder.Build();
        app.MapPapika();
        await app.StartAsync();
        return new PapikaHost(app, folder, tracker, store, gate);
    }

    /// <summary>Posts a body exactly as given, with <c>Content-Type: application/json</c> as every Papika client sends it.</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, string body, string? origin = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await Client.SendAsync(request);
    }

    /// <summary>The stored events (of one session, when <paramref name="sessionId"/> is given), oldest first.</summary>
    public async Task<IReadOnlyList<TrackingEvent>> StoredAsync(string? sessionId = null) =>
        File.Exists(Store.Path)
            ? [.. (await Store.QueryAsync(new EventQuery { Limit = 100_000 })).Reverse().Where(e => sessionId is null || Equals(e.Context["session_id"], sessionId))]
            : [];

    /// <summary>Opens a session as the TypeScript client would and returns its id and key.</summary>
    public async Task<(string Id, string Key)> StartSessionAsync(string userId = "6f1c0d3e-0b7a-4d55-8f33-2a9c1e5b7d40")
    {
        using var response = await PostAsync("/api/session", PapikaBodies.NonSession(
            $$"""{"user_id":"{{userId}}","client_time":"2016-03-14T21:03:04.123Z","library_revid":"rev","detail":"{}"}"""));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        using var answer = System.Text.Json.JsonDocument.Parse(text);
        return (answer.RootElement.GetProperty("session_id").GetString()!, answer.RootElement.GetProperty("session_key").GetString()!);
    }

    /// <summary>How many events the SQLite file holds (of one session, when <paramref name="sessionId"/> is given), read on a connection of its own.</summary>
    public long CountStored(string? sessionId = null)
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

        command.CommandText = sessionId is null ? "SELECT count(*) FROM events;" : "SELECT count(*) FROM events WHERE json_extract(context, '$.session_id') = $session;";
        command.Parameters.AddWithValue("$session", sessionId ?? string.Empty);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>How many rows one of Papika's tables holds; 0 before the store has been used.</summary>
    public long CountPapikaRows(string table, string where = "1 = 1") =>
        File.Exists(Path.Combine(_folder, "papika.db")) ? (long)QueryPapikaStore($"SELECT count(*) FROM {table} WHERE {where}")! : 0;

    /// <summary>Reads one value from Papika's own tables.</summary>
    public object? QueryPapikaStore(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "papika.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Tracker.DisposeAsync();
        await Store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A reader may still hold a file on some platforms; the temp folder is cleaned eventually.
        }
    }
}
