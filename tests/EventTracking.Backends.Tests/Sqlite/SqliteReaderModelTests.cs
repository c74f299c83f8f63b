using EventTracking.Reading;
using Microsoft.Data.Sqlite;

namespace EventTracking.Tests.Sqlite;

/// <summary>The SQLite reader gives the answers the in-memory model gives, through the summaries and without them.</summary>
[TestFixture]
public sealed class SqliteReaderModelTests
{
    private TempFolder _folder = null!;
    private List<TrackingEvent> _events = null!;
    private string _path = null!;

    [OneTimeSetUp]
    public async Task StoreEvents()
    {
        _folder = new TempFolder();
        _path = _folder.File("events.db");
        _events = SqliteReaderModel.Events(3000);
        await using var backend = new SqliteBackend(_path);
        foreach (var batch in _events.Chunk(250))
        {
            await backend.SendBatchAsync(batch, CancellationToken.None);
        }

        // A retried batch must not count twice in the summaries.
        await backend.SendBatchAsync(_events.Take(300).ToArray(), CancellationToken.None);
    }

    [OneTimeTearDown]
    public void DeleteFolder() => _folder.Dispose();

    private static IEnumerable<TestCaseData> FilterCases() =>
        SqliteReaderModel.Filters.Select((f, i) => new TestCaseData(i).SetArgDisplayNames($"filter{i}"));

    [TestCaseSource(nameof(FilterCases))]
    public async Task PagesInBothOrdersVisitEveryMatchingEventOnceInCursorOrder(int filterIndex)
    {
        var filter = SqliteReaderModel.Filters[filterIndex];
        var reader = new SqliteEventReader(_path);
        foreach (var order in new[] { EventOrder.OldestFirst, EventOrder.NewestFirst })
        {
            var seen = new List<Guid>();
            var query = new EventReadQuery { Filter = filter, Order = order, Limit = 97 };
            EventPage page;
            do
            {
                page = await reader.ReadAsync(query);
                seen.AddRange(page.Events.Select(e => e.Id));
                query = query with { After = page.Next };
            }
            while (page.Next is not null);

            var expected = SqliteReaderModel.Matching(_events, filter, order).Select(e => e.Id).ToList();
            Assert.That(expected, Is.Not.Empty, "the filter matches something");
            Assert.That(seen, Is.EqualTo(expected), $"{order}");
        }
    }

    [TestCaseSource(nameof(FilterCases))]
    public async Task CountsByNameAndBucketMatchTheEvents(int filterIndex)
    {
        var filter = SqliteReaderModel.Filters[filterIndex];
        filter = filter.From is null ? filter with { From = TestEvents.Start.AddSeconds(-1) } : filter;
        var reader = new SqliteEventReader(_path);
        foreach (var bucket in new[] { TimeBucket.Minute, TimeBucket.Hour, TimeBucket.Day })
        {
            var counts = await reader.CountByNameAsync(new EventCountQuery { Filter = filter, Bucket = bucket });
            Assert.That(
                counts.ToDictionary(c => (c.BucketStart, c.Name), c => c.Count),
                Is.EquivalentTo(SqliteReaderModel.CountByName(_events, filter, bucket)),
                $"{bucket}");
            Assert.That(counts.Select(c => c.BucketStart), Is.Ordered, "ordered by bucket");
        }

        Assert.That(await reader.CountAsync(filter), Is.EqualTo(_events.Count(filter.Matches)));
        Assert.That(await reader.CountAsync(SqliteReaderModel.Filters[filterIndex]), Is.EqualTo(_events.Count(SqliteReaderModel.Filters[filterIndex].Matches)));
    }

    [TestCaseSource(nameof(FilterCases))]
    public async Task DistinctUsersPerDayMatchTheEvents(int filterIndex)
    {
        var filter = SqliteReaderModel.Filters[filterIndex];
        var users = await new SqliteEventReader(_path).CountDistinctUsersAsync(new DistinctUsersQuery { Filter = filter });
        Assert.That(users.ToDictionary(u => u.Day, u => u.Users), Is.EquivalentTo(SqliteReaderModel.DistinctUsers(_events, filter, "user_id")));
    }

    [Test]
    public async Task DistinctUsersOverWholeDaysAndByAnotherKeyMatchTheEvents()
    {
        var reader = new SqliteEventReader(_path);
        var days = new EventFilter { From = TestEvents.Start.Date.AddDays(1), To = TestEvents.Start.Date.AddDays(3) };
        var byDay = await reader.CountDistinctUsersAsync(new DistinctUsersQuery { Filter = days });
        Assert.That(byDay.ToDictionary(u => u.Day, u => u.Users), Is.EquivalentTo(SqliteReaderModel.DistinctUsers(_events, days, "user_id")));
        Assert.That(byDay, Has.Count.EqualTo(2));

        var orgs = await reader.CountDistinctUsersAsync(new DistinctUsersQuery { UserKey = "org" });
        Assert.That(orgs.ToDictionary(u => u.Day, u => u.Users), Is.EquivalentTo(SqliteReaderModel.DistinctUsers(_events, EventFilter.All, "org")));
    }

    [TestCaseSource(nameof(FilterCases))]
    public async Task TheCatalogCountsEachNameWithItsFirstAndLastEvent(int filterIndex)
    {
        var filter = SqliteReaderModel.Filters[filterIndex];
        var catalog = await new SqliteEventReader(_path).GetCatalogAsync(new EventCatalogQuery { Filter = filter, SamplePerName = 50 });
        var expected = _events.Where(filter.Matches).GroupBy(e => e.Name).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (long)g.Count(), g.Min(e => EventCursor.At(e).Timestamp), g.Max(e => EventCursor.At(e).Timestamp)))
            .ToList();
        Assert.That(catalog.Select(c => (c.Name, c.Count, c.FirstSeen, c.LastSeen)), Is.EqualTo(expected));
        Assert.That(catalog.Select(c => c.Sampled), Is.EqualTo(catalog.Select(c => (int)Math.Min(50, c.Count))));
    }

    [Test]
    public async Task TheCatalogInfersFieldsFromDataAndContext()
    {
        var catalog = await new SqliteEventReader(_path).GetCatalogAsync(new EventCatalogQuery { Filter = new EventFilter { Name = "page.view" }, SamplePerName = 1000 });
        var fields = catalog.Single().Fields.ToDictionary(f => (f.Source, f.Path));
        Assert.Multiple(() =>
        {
            Assert.That(fields[(EventFieldSource.Data, "n")].Types, Is.EqualTo(EventFieldTypes.Integer));
            Assert.That(fields[(EventFieldSource.Data, "n")].Presence, Is.EqualTo(1.0));
            Assert.That(fields[(EventFieldSource.Data, "course")].Types, Is.EqualTo(EventFieldTypes.Object));
            Assert.That(fields[(EventFieldSource.Data, "course.id")].Examples, Is.SubsetOf(new[] { "c0", "c1", "c2" }).And.Count.EqualTo(3));
            Assert.That(fields[(EventFieldSource.Context, "user_id")].Types, Is.EqualTo(EventFieldTypes.Integer | EventFieldTypes.String | EventFieldTypes.Null));
            Assert.That(fields[(EventFieldSource.Context, "user_id")].Presence, Is.InRange(0.6, 0.9));
            Assert.That(fields[(EventFieldSource.Context, "org")].Examples, Is.EquivalentTo(new[] { "edX", "MITx" }));
        });
    }

    [Test]
    public async Task FindReturnsTheStoredEventOrNull()
    {
        var reader = new SqliteEventReader(_path);
        var sent = _events[1234];
        var found = await reader.FindAsync(sent.Id);
        Assert.That(found, Is.Not.Null);
        Assert.That(EventJson.Serialize(found!), Is.EqualTo(EventJson.Serialize(sent)));
        Assert.That(await reader.FindAsync(Guid.NewGuid()), Is.Null);
    }

    [Test]
    public async Task AFileWithoutSummariesIsAnsweredFromTheEventsAndFilledOnTheNextWrite()
    {
        var path = _folder.File("old.db");
        var events = _events.Take(500).ToList();
        await using (var backend = new SqliteBackend(path))
        {
            await backend.SendBatchAsync(events, CancellationToken.None);
        }

        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE events_minutes; DROP TABLE events_hours; DROP TABLE events_names; DROP TABLE events_users; DROP TABLE events_rollup;";
            drop.ExecuteNonQuery();
        }

        var reader = new SqliteEventReader(path);
        var from = TestEvents.Start.AddMinutes(-1);
        var catalog = await reader.GetCatalogAsync(new EventCatalogQuery { IncludeFields = false });
        Assert.That(catalog.Sum(c => c.Count), Is.EqualTo(500));

        var extra = TestEvents.Create("page.view", TestEvents.Start.AddHours(2));
        events.Add(extra);
        await using (var backend = new SqliteBackend(path))
        {
            await backend.SendBatchAsync([extra], CancellationToken.None);
        }

        var counts = await reader.CountByNameAsync(new EventCountQuery { Filter = new EventFilter { From = from }, Bucket = TimeBucket.Hour });
        Assert.That(counts.ToDictionary(c => (c.BucketStart, c.Name), c => c.Count), Is.EquivalentTo(SqliteReaderModel.CountByName(events, new EventFilter { From = from }, TimeBucket.Hour)));
        Assert.That(await reader.CountAsync(EventFilter.All), Is.EqualTo(501));
    }
}
