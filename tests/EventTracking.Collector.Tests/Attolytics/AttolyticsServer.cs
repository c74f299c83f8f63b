using EventTracking.AspNetCore.Tests.Support;
using EventTracking.Collector.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EventTracking.Collector.Tests.Attolytics;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with the Attolytics surface mapped from a schema file, storing in a temporary
/// SQLite file (after a <see cref="StoreSwitch"/> that can make delivery fail), with a fake clock.
/// </summary>
internal sealed class AttolyticsServer : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, 123, 456, TimeSpan.Zero);

    private readonly string _directory;
    private readonly TestWebApp _app;

    private AttolyticsServer(string schema, string prefix, Action<EventCollectorOptions>? collector)
    {
        _directory = Directory.CreateTempSubdirectory("et-atto-").FullName;
        DatabasePath = Path.Combine(_directory, "events.db");
        SchemaPath = Path.Combine(_directory, "schema.conf.yaml");
        File.WriteAllText(SchemaPath, schema);
        _app = new TestWebApp(
            services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                services.AddEventTracking(t => t.AddBackend("a_switch", Switch).AddSqlite(DatabasePath));

                // Only Attolytics is mapped: its apps' secret keys are its keys, so the collector needs none of its own.
                services.AddEventCollector(o =>
                {
                    o.AllowAnonymous = true;
                    collector?.Invoke(o);
                });
            },
            endpoints => endpoints.MapAttolytics(prefix, SchemaPath),
            kestrel: true);
    }

    public FakeTimeProvider Clock { get; } = new(Now);

    public StoreSwitch Switch { get; } = new();

    public string DatabasePath { get; }

    public string SchemaPath { get; }

    public HttpClient Client { get; private set; } = null!;

    public static AttolyticsServer Start(string schema = AttolyticsSchemas.Example, string prefix = "", Action<EventCollectorOptions>? collector = null)
    {
        var server = new AttolyticsServer(schema, prefix, collector);
        server.Client = server._app.CreateClient();
        return server;
    }

    /// <summary>Every stored event, oldest first.</summary>
    public async Task<IReadOnlyList<TrackingEvent>> StoredAsync()
    {
        if (!File.Exists(DatabasePath))
        {
            return [];
        }

        var events = await new SqliteEventReader(DatabasePath).QueryAsync(new EventQuery { Limit = 100_000 });
        return [.. events.Reverse()];
    }

    /// <summary>The stored events whose <c>user_id</c> or <c>run</c> column is <paramref name="marker"/>.</summary>
    public async Task<IReadOnlyList<TrackingEvent>> StoredAsync(string marker) =>
        [.. (await StoredAsync()).Where(e => Equals(e.Data.GetValueOrDefault("user_id"), marker) || Equals(e.Data.GetValueOrDefault("run"), marker))];

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
