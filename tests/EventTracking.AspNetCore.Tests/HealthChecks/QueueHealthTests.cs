using EventTracking.AspNetCore.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EventTracking.AspNetCore.Tests.HealthChecks;

public sealed class QueueHealthTests
{
    [Test]
    public async Task AQueueNearCapacityIsDegradedAndRecovers()
    {
        var gate = new GatedBatchBackend();
        await using var provider = Provider(t => t.AddAsyncRouting(
            "store",
            s => s.AddBackend("db", gate),
            o =>
            {
                o.Capacity = 10;
                o.MaxBatchSize = 1;
                o.MaxBatchDelay = TimeSpan.Zero;
            }));
        var tracker = provider.GetRequiredService<Tracker>();
        var store = (AsyncRoutingBackend)tracker.Backend.Backends["store"];

        for (var i = 0; i < 10; i++)
        {
            tracker.Emit("test.queued");
        }

        // One batch of one is held at the gate; the other nine wait in the node (8 is 80 % of 10).
        await WaitUntilAsync(() => store.QueueDepth == 9 && store.GetChildStatus().Single().QueueDepth == 9);
        var report = await CheckAsync(provider);
        Assert.That(report.Status, Is.EqualTo(HealthStatus.Degraded));
        Assert.That(report.Entries["event_tracking"].Description, Is.EqualTo("store/db queue is 9 of 10"));

        gate.Open();
        await tracker.FlushAsync();
        Assert.That((await CheckAsync(provider)).Status, Is.EqualTo(HealthStatus.Healthy));
    }

    [Test]
    public async Task FailingDeliveriesAreDegraded()
    {
        await using var provider = Provider(t => t.AddAsyncRouting(
            "store",
            s => s.AddBackend("db", new FailingBatchBackend()),
            o =>
            {
                o.MaxRetries = 0;
                o.MaxBatchDelay = TimeSpan.Zero;
            }));
        var tracker = provider.GetRequiredService<Tracker>();

        tracker.Emit("test.lost");
        await tracker.FlushAsync();

        var entry = (await CheckAsync(provider)).Entries["event_tracking"];
        Assert.That(entry.Status, Is.EqualTo(HealthStatus.Degraded));
        Assert.That(entry.Description, Is.EqualTo("store/db failed its last 1 deliveries: store is down"));
        Assert.That(entry.Data["store/db:failures"], Is.EqualTo(1));
    }

    [Test]
    public async Task ASqliteFileThatIsNotADatabaseIsUnhealthy()
    {
        var directory = Directory.CreateTempSubdirectory("et-aspnet-").FullName;
        try
        {
            var path = Path.Combine(directory, "events.db");
            await using (var provider = Provider(t => t.AddSqlite(path, "db")))
            {
                Assert.That((await CheckAsync(provider)).Status, Is.EqualTo(HealthStatus.Healthy), "a file not created yet is fine");
            }

            await File.WriteAllTextAsync(path, "this is not a database, just some text long enough to fill a header page....................");
            await using (var provider = Provider(t => t.AddSqlite(path, "db")))
            {
                var entry = (await CheckAsync(provider)).Entries["event_tracking"];
                Assert.That(entry.Status, Is.EqualTo(HealthStatus.Unhealthy));
                Assert.That(entry.Description, Does.StartWith("db is unreachable: "));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task AMongoServerThatDoesNotAnswerIsUnhealthy()
    {
        await using var provider = Provider(
            t => t.AddMongo("archive", o => o.ConnectionString = "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=200&connectTimeoutMS=200"),
            o => o.ProbeTimeout = TimeSpan.FromSeconds(2));

        var entry = (await CheckAsync(provider)).Entries["event_tracking"];

        Assert.That(entry.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(entry.Description, Does.StartWith("archive is unreachable: "));
    }

    private static ServiceProvider Provider(Action<EventTrackingBuilder> configure, Action<EventTrackingHealthCheckOptions>? health = null)
    {
        var services = new ServiceCollection();
        services.AddEventTracking(configure);
        services.AddEventTrackingHealthChecks(configure: health);
        return services.BuildServiceProvider();
    }

    private static Task<HealthReport> CheckAsync(IServiceProvider provider) =>
        provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

    /// <summary>Waits for the background worker to reach a state; it has no event to await, so poll it briefly.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the condition never held");
            await Task.Delay(5);
        }
    }
}
