using EventTracking.Reading;
using MongoDB.Bson;
using MongoDB.Driver;

namespace EventTracking.Tests.Mongo;

/// <summary>
/// What only the MongoDB reader must get right (nothing created by reading, collations, time-series collections); the
/// reader contract every store shares (filters, paging, counts, catalog, retention) is
/// tests/EventTracking.ReaderContract.Tests, run against MongoDB when the variable below is set. Runs against a real
/// MongoDB server (5.0 or later) named by <c>EVENTTRACKING_MONGODB_URI</c>, each test in a database of its own that is
/// dropped afterwards. Without the variable every test is reported as skipped.
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

}
