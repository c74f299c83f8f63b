using System.Globalization;
using EventTracking.Reading;
using MongoDB.Bson;
using MongoDB.Driver;

namespace EventTracking.Tests.Mongo;

/// <summary>
/// The MongoDB reader against a model, as the SQLite and PostgreSQL readers are tested: the same events filtered with
/// <see cref="EventFilter.Matches"/> and ordered by (timestamp, id) in memory must come back page by page, counted and
/// catalogued alike. Runs against a real MongoDB server (5.0 or later) named by <c>EVENTTRACKING_MONGODB_URI</c>, each
/// test in a database of its own that is dropped afterwards. Without the variable every test is reported as skipped.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class MongoEventReaderIntegrationTests
{
    private const string UriVariable = "EVENTTRACKING_MONGODB_URI";

    // Whole milliseconds: what MongoDB stores, so the model and the store hold the same timestamps.
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 22, 0, 0, TimeSpan.Zero);

    private MongoClient _client = null!;
    private string _database = null!;
    private MongoBackend _backend = null!;
    private List<TrackingEvent> _events = null!;

    [SetUp]
    public async Task Fill()
    {
        var uri = Environment.GetEnvironmentVariable(UriVariable);
        if (string.IsNullOrWhiteSpace(uri))
        {
            Assert.Ignore($"{UriVariable} is not set: MongoDB integration tests need a server, such as mongodb://localhost:27017.");
        }

        _client = new MongoClient(uri);
        _database = "eventtracking_test_" + Guid.NewGuid().ToString("N");
        _backend = new MongoBackend(new MongoBackendOptions { Database = _database, WriteConcern = WriteConcern.WMajority }, _client);
        _events = [];
        var names = new[] { "edx.course.enroll", "edx.course.unenroll", "navigation.request", "problem.check", "a*b.x" };
        for (var i = 0; i < 300; i++)
        {
            object? user = (i % 5) switch { 0 => 42L, 1 => "42", 2 => 7, 3 => null, _ => "someone" };
            var context = new Dictionary<string, object?> { ["course_id"] = i % 2 == 0 ? "cs101" : "cs102", ["org.unit"] = i % 3 == 0 ? "edX" : "MITx" };
            if (i % 7 != 0)
            {
                context["user_id"] = user;
            }

            // Events share timestamps in pairs so the id breaks ties; they span two UTC days.
            _events.Add(new TrackingEvent(
                Guid.NewGuid(), names[i % names.Length], Start.AddMinutes(i / 2 * 7), context,
                new Dictionary<string, object?> { ["n"] = (long)i, ["url"] = "/p/" + i, ["nested"] = new Dictionary<string, object?> { ["ok"] = i % 2 == 0 } }));
        }

        await _backend.SendBatchAsync(_events, CancellationToken.None);
    }

    [TearDown]
    public void DropDatabase()
    {
        if (_client is not null)
        {
            _backend.Dispose();
            _client.DropDatabase(_database);
            _client.Dispose();
        }
    }

    private static IEnumerable<TestCaseData> Filters()
    {
        yield return Case("all", EventFilter.All);
        yield return Case("name", new EventFilter { Name = "problem.check" });
        yield return Case("prefix", new EventFilter { NamePrefix = "edx.course." });
        yield return Case("prefix-with-pattern-characters", new EventFilter { NamePrefix = "a*b." });
        yield return Case("range", new EventFilter { From = Start.AddHours(3).AddTicks(5), To = Start.AddHours(9).AddMilliseconds(1) });
        yield return Case("user", new EventFilter { Context = new Dictionary<string, string> { ["user_id"] = "42" } });
        yield return Case("int-user", new EventFilter { Context = new Dictionary<string, string> { ["user_id"] = "7" } });
        yield return Case("dotted-key", new EventFilter { Context = new Dictionary<string, string> { ["org.unit"] = "edX" } });
        yield return Case("combined", new EventFilter { NamePrefix = "edx.", Context = new Dictionary<string, string> { ["user_id"] = "42", ["course_id"] = "cs101" } });
    }

    [TestCaseSource(nameof(Filters))]
    public async Task PagesInBothOrdersMatchTheModel(EventFilter filter)
    {
        foreach (var order in new[] { EventOrder.NewestFirst, EventOrder.OldestFirst })
        {
            var read = new List<Guid>();
            EventCursor? after = null;
            do
            {
                var page = await _backend.ReadAsync(new EventReadQuery { Filter = filter, Order = order, After = after, Limit = 17 });
                read.AddRange(page.Events.Select(e => e.Id));
                after = page.Next;
            }
            while (after is not null);

            var model = _events.Where(filter.Matches).OrderBy(EventCursor.At).Select(e => e.Id).ToList();
            if (order == EventOrder.NewestFirst)
            {
                model.Reverse();
            }

            Assert.That(model, Is.Not.Empty, "the filter matches something");
            Assert.That(read, Is.EqualTo(model), $"{order}");
            Assert.That(await _backend.CountAsync(filter), Is.EqualTo(model.Count));
        }
    }

    [Test]
    public async Task AnEventIsFoundByIdWithItsContextAndData()
    {
        var expected = _events[11];

        var found = await _backend.FindAsync(expected.Id);

        Assert.That(found, Is.Not.Null);
        Assert.That(EventJson.Serialize(found!), Is.EqualTo(EventJson.Serialize(expected)));
        Assert.That(await _backend.FindAsync(Guid.NewGuid()), Is.Null);
    }

    [TestCase(TimeBucket.Minute)]
    [TestCase(TimeBucket.Hour)]
    [TestCase(TimeBucket.Day)]
    public async Task CountsByNameAndBucketMatchTheModel(TimeBucket bucket)
    {
        foreach (var filter in new[] { new EventFilter { From = Start.AddHours(1), To = Start.AddHours(15) }, new EventFilter { From = Start.AddDays(-1) } })
        {
            var counts = await _backend.CountByNameAsync(new EventCountQuery { Filter = filter, Bucket = bucket });

            var model = _events.Where(filter.Matches)
                .GroupBy(e => (Bucket: EventCountQuery.BucketStart(e.Timestamp, bucket), e.Name))
                .OrderBy(g => g.Key.Bucket).ThenBy(g => g.Key.Name, StringComparer.Ordinal)
                .Select(g => new EventCount(g.Key.Bucket, g.Key.Name, g.LongCount()));
            Assert.That(counts, Is.EqualTo(model));
        }
    }

    [TestCase("user_id")]
    [TestCase("course_id")]
    [TestCase("org.unit")]
    public async Task DistinctUsersPerDayMatchTheModel(string key)
    {
        var counts = await _backend.CountDistinctUsersAsync(new DistinctUsersQuery { UserKey = key });

        var model = _events
            .Where(e => e.Context.TryGetValue(key, out var user) && user is not null)
            .GroupBy(e => DateOnly.FromDateTime(e.Timestamp.UtcDateTime))
            .OrderBy(g => g.Key)
            .Select(g => new DailyUserCount(g.Key, g.Select(e => Convert.ToString(e.Context[key], CultureInfo.InvariantCulture)).Distinct().LongCount()));
        Assert.That(counts, Is.EqualTo(model));
    }

    [Test]
    public async Task TheCatalogListsEachNameWithItsCountSpanAndFields()
    {
        var catalog = await _backend.GetCatalogAsync(new EventCatalogQuery { SamplePerName = 10 });

        Assert.That(catalog.Select(c => c.Name), Is.EqualTo(new[] { "a*b.x", "edx.course.enroll", "edx.course.unenroll", "navigation.request", "problem.check" }));
        var check = catalog.Single(c => c.Name == "problem.check");
        var model = _events.Where(e => e.Name == "problem.check").ToList();
        Assert.That(check.Count, Is.EqualTo(model.Count));
        Assert.That(check.FirstSeen, Is.EqualTo(model.Min(e => e.Timestamp)));
        Assert.That(check.LastSeen, Is.EqualTo(model.Max(e => e.Timestamp)));
        Assert.That(check.Sampled, Is.EqualTo(10));
        Assert.That(check.Fields.Single(f => f.Source == EventFieldSource.Data && f.Path == "n").Types, Is.EqualTo(EventFieldTypes.Integer));
        Assert.That(check.Fields.Single(f => f.Path == "nested.ok").Types, Is.EqualTo(EventFieldTypes.Boolean));
        Assert.That(check.Fields.Single(f => f.Source == EventFieldSource.Context && f.Path == "course_id").Presence, Is.EqualTo(1.0));

        var filtered = await _backend.GetCatalogAsync(new EventCatalogQuery { Filter = new EventFilter { NamePrefix = "edx." }, IncludeFields = false });
        Assert.That(filtered.Select(c => (c.Name, c.Count, c.Sampled)), Is.EqualTo(
            _events.Where(e => e.Name.StartsWith("edx.", StringComparison.Ordinal)).GroupBy(e => e.Name).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (g.Key, (long)g.Count(), 0))));
    }

    [Test]
    public async Task RetentionDeletesTheOldestEventsInBatches()
    {
        var cutoff = Start.AddHours(2);
        var older = _events.Count(e => e.Timestamp < cutoff);

        var first = await _backend.DeleteBeforeAsync(cutoff, 10);
        var rest = await _backend.DeleteBeforeAsync(cutoff, 10_000);

        Assert.That(first, Is.EqualTo(10));
        Assert.That(rest, Is.EqualTo(older - 10));
        Assert.That(await _backend.CountAsync(EventFilter.All), Is.EqualTo(_events.Count - older));
        Assert.That(await _backend.CountAsync(new EventFilter { To = cutoff }), Is.Zero);
    }

    [Test]
    public async Task AReaderOverACollectionOrDatabaseThatDoesNotExistReadsEmptyAndCreatesNothing()
    {
        foreach (var options in new[]
        {
            new MongoBackendOptions { Database = _database, Collection = "none" },
            new MongoBackendOptions { Database = _database + "_none" },
        })
        {
            await using var reader = new MongoEventReader(options, _client);

            Assert.That((await reader.ReadAsync(new EventReadQuery())).Events, Is.Empty);
            Assert.That(await reader.CountAsync(EventFilter.All), Is.Zero);
            Assert.That(await reader.CountByNameAsync(new EventCountQuery { Filter = new EventFilter { From = Start } }), Is.Empty);
            Assert.That(await reader.CountDistinctUsersAsync(new DistinctUsersQuery()), Is.Empty);
            Assert.That(await reader.GetCatalogAsync(new EventCatalogQuery()), Is.Empty);
            Assert.That(await reader.DeleteBeforeAsync(DateTimeOffset.UtcNow, 10), Is.Zero);
        }

        var collections = await (await _client.GetDatabase(_database).ListCollectionNamesAsync()).ToListAsync();
        Assert.That(collections, Is.EquivalentTo(new[] { "events" }));
    }

    [Test]
    public async Task NamesCompareExactlyEvenWhenTheCollectionDefaultsToACaseInsensitiveCollation()
    {
        var database = _client.GetDatabase(_database);
        await database.CreateCollectionAsync("folded", new CreateCollectionOptions { Collation = new Collation("en", strength: CollationStrength.Secondary) });
        using var backend = new MongoBackend(new MongoBackendOptions { Database = _database, Collection = "folded" }, _client);
        await backend.SendBatchAsync([TestEvents.Create("Page.View"), TestEvents.Create("page.view"), TestEvents.Create("page.view")], CancellationToken.None);

        var catalog = await backend.GetCatalogAsync(new EventCatalogQuery { IncludeFields = false });

        Assert.That(catalog.Select(c => (c.Name, c.Count)), Is.EqualTo(new[] { ("Page.View", 1L), ("page.view", 2L) }));
        Assert.That(await backend.CountAsync(new EventFilter { NamePrefix = "page." }), Is.EqualTo(2));
    }

    [Test]
    public async Task ATimeSeriesCollectionIsReadInOrder()
    {
        using var backend = new MongoBackend(new MongoBackendOptions { Database = _database, Collection = "series", TimeSeries = true }, _client);
        await backend.SendBatchAsync(_events, CancellationToken.None);

        var page = await backend.ReadAsync(new EventReadQuery { Order = EventOrder.OldestFirst, Limit = 50 });

        Assert.That(page.Events.Select(e => e.Id), Is.EqualTo(_events.OrderBy(EventCursor.At).Take(50).Select(e => e.Id)));
    }

    [Test]
    public async Task AFollowerSeesEventsStoredAfterItStarted()
    {
        var follower = new EventFollower(_backend, EventFilter.All, TimeSpan.FromSeconds(5));
        await follower.StartAsync(null);
        var late = new TrackingEvent(Guid.NewGuid(), "late", _events.Max(e => e.Timestamp).AddSeconds(1), null, null);

        await _backend.SendBatchAsync([late], CancellationToken.None);

        Assert.That((await follower.PollAsync()).Select(e => e.Id), Is.EqualTo(new[] { late.Id }));
    }

    private static TestCaseData Case(string label, EventFilter filter) => new TestCaseData(filter).SetArgDisplayNames(label);
}
