using System.Diagnostics;
using EventTracking.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EventTracking.AspNetCore.Tests.Hosting;

public sealed class ShutdownTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "et-aspnet-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void TearDown()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task StoppingTheHostDeliversEveryQueuedEvent()
    {
        var store = new SlowBatchBackend();
        using var host = Host(
            """
            { "EventTracking": { "Backends": { "store": { "Type": "AsyncRouting", "Options": { "MaxBatchSize": 50, "MaxBatchDelay": "00:00:30" },
            "Backends": { "db": { "Type": "Slow" } } } } } }
            """,
            t => t.AddBackendType("Slow", _ => store));
        await host.StartAsync();
        var tracker = host.Services.GetRequiredService<ITracker>();

        for (var i = 0; i < 1000; i++)
        {
            tracker.Emit("test.queued", new { i });
        }

        Assert.That(store.Stored, Has.Count.LessThan(1000), "events are still queued when the host stops");
        await host.StopAsync();

        Assert.That(store.Stored.Select(e => (int)e.Data["i"]!), Is.EquivalentTo(Enumerable.Range(0, 1000)));
    }

    [Test]
    public async Task StoppingAWebAppDeliversEveryRequestsEventsToSqlite()
    {
        const int requests = 100;
        var path = Path.Combine(_directory, "events.db");
        await using var app = new TestWebApp(
            services => services.AddEventTracking(TrackerFromConfig.Json($$"""
                { "EventTracking": { "Backends": { "store": { "Type": "AsyncRouting", "Options": { "MaxBatchDelay": "00:00:30" },
                    "Backends": { "db": { "Type": "Sqlite", "Options": { "Path": "{{path.Replace("\\", "\\\\", StringComparison.Ordinal)}}" } } } } } } }
                """).GetSection("EventTracking")),
            endpoints => endpoints.MapPost("/enroll/{i:int}", async (int i, ITracker tracker) =>
            {
                await Task.Yield();
                tracker.Emit("edx.course.enrollment.activated", new { i });
                return Results.Ok();
            }),
            kestrel: true);
        using var client = app.CreateClient();

        await Task.WhenAll(Enumerable.Range(0, requests).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/enroll/{i}");
            request.Headers.Add(HeaderAuthenticationHandler.Header, $"user-{i}");
            (await client.SendAsync(request)).EnsureSuccessStatusCode();
        }));
        await app.DisposeAsync(); // stops the host: the server drains, then event tracking shuts down

        var stored = await new SqliteEventReader(path).QueryAsync(new EventQuery { Limit = 1000 });
        Assert.That(stored, Has.Count.EqualTo(requests));
        Assert.That(stored.All(e => (string)e.Context["user_id"]! == $"user-{e.Data["i"]}"), "each event kept its request's user");
    }

    [Test]
    public async Task StoppingGivesUpAfterTheShutdownTimeoutAndSaysSo()
    {
        var stuck = new GatedBatchBackend();
        var logs = new CollectingLoggerProvider();
        using var host = Host(
            """
            { "EventTracking": { "ShutdownTimeout": "00:00:00.300", "Backends": { "store": { "Type": "AsyncRouting", "Options": { "MaxBatchDelay": "00:00:00" },
            "Backends": { "db": { "Type": "Stuck" } } } } } }
            """,
            t => t.AddBackendType("Stuck", _ => stuck),
            logs);
        await host.StartAsync();
        host.Services.GetRequiredService<ITracker>().Emit("test.stuck");

        var clock = Stopwatch.StartNew();
        await host.StopAsync();

        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        Assert.That(stuck.StoredCount, Is.Zero);
        Assert.That(logs.Messages, Has.Some.Contains("Event tracking shutdown"), "the host says it stopped waiting, or how many deliveries it gave up");
    }

    [Test]
    public async Task BackendsTheHostCreatedAreDisposedAfterShutdownAndSuppliedOnesAreNot()
    {
        var supplied = new DisposableBackend();
        DisposableBackend? created = null;
        using var host = Host(
            """{ "EventTracking": { "Backends": { "fromConfig": { "Type": "Disposable" } } } }""",
            t => t.AddBackendType("Disposable", _ => created = new DisposableBackend())
                .AddBackend("supplied", supplied)
                .AddBackend("fromFactory", _ => new DisposableBackend()));
        await host.StartAsync();
        var fromFactory = (DisposableBackend)host.Services.GetRequiredService<Tracker>().Backend.Backends["fromFactory"];

        await host.StopAsync();

        Assert.That(created!.Disposed, Is.True);
        Assert.That(fromFactory.Disposed, Is.True);
        Assert.That(supplied.Disposed, Is.False);
    }

    private IHost Host(string json, Action<EventTrackingBuilder> configure, ILoggerProvider? logs = null)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = _directory });
        builder.Services.AddEventTracking(TrackerFromConfig.Json(json).GetSection("EventTracking"), configure);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        return builder.Build();
    }
}
