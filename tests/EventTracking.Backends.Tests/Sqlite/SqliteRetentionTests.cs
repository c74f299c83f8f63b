using EventTracking.Reading;

namespace EventTracking.Tests.Sqlite;

[TestFixture]
public sealed class SqliteRetentionTests : TempFolderTest
{
    [Test]
    public async Task OldEventsAreDeletedInBatchesAndTheSummariesFollow()
    {
        var events = SqliteReaderModel.Events(2000, seed: 5);
        await using var backend = new SqliteBackend(Folder.File("events.db"));
        await backend.SendBatchAsync(events, CancellationToken.None);
        var cutoff = TestEvents.Start.AddHours(37).AddSeconds(12.5);

        var batches = new List<int>();
        int deleted;
        do
        {
            deleted = await backend.DeleteBeforeAsync(cutoff, 100);
            batches.Add(deleted);
        }
        while (deleted == 100);

        var expectedDeleted = events.Count(e => e.Timestamp < cutoff);
        var kept = events.Where(e => e.Timestamp >= cutoff).ToList();
        Assert.That(batches.Sum(), Is.EqualTo(expectedDeleted));
        Assert.That(batches.Take(batches.Count - 1), Has.All.EqualTo(100), "every batch but the last is full");

        var from = new EventFilter { From = TestEvents.Start };
        Assert.Multiple(async () =>
        {
            Assert.That(await backend.CountAsync(EventFilter.All), Is.EqualTo(kept.Count));
            var counts = await backend.CountByNameAsync(new EventCountQuery { Filter = from, Bucket = TimeBucket.Minute });
            Assert.That(counts.ToDictionary(c => (c.BucketStart, c.Name), c => c.Count), Is.EquivalentTo(SqliteReaderModel.CountByName(kept, from, TimeBucket.Minute)));
            var catalog = await backend.GetCatalogAsync(new EventCatalogQuery { IncludeFields = false });
            Assert.That(
                catalog.Select(c => (c.Name, c.Count, c.FirstSeen)),
                Is.EquivalentTo(kept.GroupBy(e => e.Name).Select(g => (g.Key, (long)g.Count(), g.Min(e => e.Timestamp)))));

            // The day the cutoff falls in keeps its users; earlier days are gone.
            var users = await backend.CountDistinctUsersAsync(new DistinctUsersQuery());
            Assert.That(users.Select(u => u.Day), Is.EqualTo(SqliteReaderModel.DistinctUsers(kept, EventFilter.All, "user_id").Keys.Order()));
        });

        Assert.That(await backend.DeleteBeforeAsync(cutoff, 100), Is.Zero, "nothing older is left");
    }

    [Test]
    public async Task ErasingAUserTakesTheirEventsAndTheirIdOutOfTheSummaries()
    {
        await using var backend = new SqliteBackend(Folder.File("events.db"));
        await backend.SendBatchAsync(
            [
                TestEvents.Create("page.view", TestEvents.Start, new { user_id = "ada" }),
                TestEvents.Create("page.view", TestEvents.Start.AddMinutes(1), new { user_id = "ada" }),
                TestEvents.Create("page.view", TestEvents.Start.AddMinutes(2), new { user_id = "bob" }),
                TestEvents.Create("signup", TestEvents.Start.AddMinutes(3), new { user_id = "ada" }),
            ],
            CancellationToken.None);

        Assert.That(await backend.EraseUserAsync(new UserErasure("ada")), Is.EqualTo(3));

        var catalog = await backend.GetCatalogAsync(new EventCatalogQuery { IncludeFields = false });
        Assert.That(catalog.Select(c => (c.Name, c.Count, c.FirstSeen)), Is.EqualTo(new[] { ("page.view", 1L, TestEvents.Start.AddMinutes(2)) }));
        var counts = await backend.CountByNameAsync(new EventCountQuery { Filter = new EventFilter { From = TestEvents.Start.AddDays(-1) }, Bucket = TimeBucket.Hour });
        Assert.That(counts.Select(c => (c.Name, c.Count)), Is.EqualTo(new[] { ("page.view", 1L) }));
        var users = await backend.CountDistinctUsersAsync(new DistinctUsersQuery());
        Assert.That(users.Select(u => u.Users), Is.EqualTo(new[] { 1L }));
    }

    [Test]
    public void ABatchSizeBelowOneIsRefused()
    {
        using var backend = new SqliteBackend(Folder.File("events.db"));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => backend.DeleteBeforeAsync(DateTimeOffset.UtcNow, 0));
    }
}
