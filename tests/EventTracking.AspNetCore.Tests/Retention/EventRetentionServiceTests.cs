using EventTracking.Reading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace EventTracking.AspNetCore.Tests.Retention;

public sealed class EventRetentionServiceTests
{
    private DirectoryInfo _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("et-retention-");

    [TearDown]
    public void TearDown()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [Test]
    public async Task APassDeletesEventsOlderThanMaxAgeFromTheSqliteStoreInTheTreeInBatches()
    {
        var now = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var path = Path.Combine(_directory.FullName, "events.db");
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(new FakeTimeProvider(now))
            .AddEventTracking(t => t.AddSqlite("db", o => o.Path = path))
            .AddEventRetention(o =>
            {
                o.MaxAge = TimeSpan.FromDays(30);
                o.BatchSize = 10;
                o.PauseBetweenBatches = TimeSpan.Zero;
            });
        await using var provider = services.BuildServiceProvider();
        var tracker = provider.GetRequiredService<Tracker>();
        var old = Enumerable.Range(0, 55).Select(i => new TrackingEvent(Guid.NewGuid(), "old", now.AddDays(-31).AddMinutes(i), null, null));
        var recent = Enumerable.Range(0, 5).Select(i => new TrackingEvent(Guid.NewGuid(), "recent", now.AddDays(-29).AddMinutes(i), null, null));
        await tracker.DeliverAsync([.. old, .. recent]);

        var retention = provider.GetRequiredService<EventRetentionService>();
        Assert.That(await retention.RunOnceAsync(CancellationToken.None), Is.EqualTo(55));
        Assert.That(await retention.RunOnceAsync(CancellationToken.None), Is.Zero, "nothing older is left");

        var catalog = await new SqliteEventReader(path).GetCatalogAsync(new EventCatalogQuery { IncludeFields = false });
        Assert.That(catalog.Select(c => (c.Name, c.Count)), Is.EqualTo(new[] { ("recent", 5L) }));
        Assert.That(provider.GetServices<IHostedService>().OfType<EventRetentionService>(), Has.Exactly(1).Items, "it runs as a hosted service");
    }

    [Test]
    public void AMissingMaxAgeIsRefusedWhenRegistered()
    {
        var services = new ServiceCollection();
        Assert.That(
            () => services.AddEventRetention(o => o.BatchSize = 10),
            Throws.ArgumentException.With.Message.Contains("EventRetentionOptions.MaxAge"));
        Assert.That(
            () => services.AddEventRetention(o => { o.MaxAge = TimeSpan.FromDays(1); o.BatchSize = 0; }),
            Throws.ArgumentException.With.Message.Contains("BatchSize"));
    }
}
