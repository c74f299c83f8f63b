using System.Text.Json.Nodes;

namespace EventTracking.ReaderContract.Tests;

/// <summary>
/// The reader contract (<see cref="IEventReader"/>, <see cref="IEventRetention"/>), one fixture for every store that
/// can be read: filters by name, prefix, time range and context key = value; (timestamp, id) order both ways; cursor
/// paging; counts per bucket; distinct users per day; the catalog; retention. Each store answers for the same events
/// what the in-memory model (<see cref="ContractEvents"/>) answers. SQLite always runs; PostgreSQL needs
/// <c>EVENTTRACKING_POSTGRES_URI</c> (CI starts a server, and fails without it); MongoDB needs
/// <c>EVENTTRACKING_MONGODB_URI</c> and is reported skipped without it.
/// </summary>
[TestFixture("sqlite")]
[TestFixture("postgresql")]
[TestFixture("postgresql-daily")]
[TestFixture("postgresql-json")]
[TestFixture("mongodb")]
[Category("Integration")]
public sealed class ReaderContractTests(string storeName)
{
    private static readonly DateTimeOffset Start = ContractEvents.Start;

    private ReaderStore _store = null!;
    private List<TrackingEvent> _events = null!;

    private IEventReader Reader => _store.Reader;

    [SetUp]
    public async Task Fill()
    {
        _store = ReaderStore.Create(storeName);
        await _store.OpenAsync();
        _events = ContractEvents.Create(_store.Resolution);

        // Written out of order and in two batches: reading sorts by (timestamp, id), not by arrival.
        var shuffled = _events.OrderBy(e => e.Id).ToList();
        await _store.WriteAsync(shuffled[..200]);
        await _store.WriteAsync(shuffled[200..]);
    }

    [TearDown]
    public async Task Drop()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    [TestCaseSource(typeof(ContractEvents), nameof(ContractEvents.Filters))]
    public async Task PagesInBothOrdersVisitEveryMatchingEventOnceAndCountsAgree(EventFilter filter)
    {
        foreach (var order in new[] { EventOrder.NewestFirst, EventOrder.OldestFirst })
        {
            var read = new List<Guid>();
            EventCursor? after = null;
            var pages = 0;
            do
            {
                var page = await Reader.ReadAsync(new EventReadQuery { Filter = filter, Order = order, After = after, Limit = 17 });
                Assert.That(page.Events, Has.Count.LessThanOrEqualTo(17));
                read.AddRange(page.Events.Select(e => e.Id));
                after = page.Next;
                Assert.That(++pages, Is.LessThan(100), "paging ends");
            }
            while (after is not null);

            var model = ContractEvents.Matching(_events, filter, order);
            Assert.That(model, Is.Not.Empty, "the filter matches something");
            Assert.That(read, Is.EqualTo(model), $"{order}");
        }

        Assert.That(await Reader.CountAsync(filter), Is.EqualTo(_events.Count(filter.Matches)));
    }

    [Test]
    public async Task AFullPageEndsWithACursorThatResumesAfterItsLastEvent()
    {
        var first = await Reader.ReadAsync(new EventReadQuery { Order = EventOrder.OldestFirst, Limit = 3 });
        var second = await Reader.ReadAsync(new EventReadQuery { Order = EventOrder.OldestFirst, Limit = 3, After = first.Next });

        var model = ContractEvents.Matching(_events, EventFilter.All, EventOrder.OldestFirst);
        Assert.That(first.Next, Is.EqualTo(EventCursor.At(first.Events[^1])));
        Assert.That(first.Events.Concat(second.Events).Select(e => e.Id), Is.EqualTo(model.Take(6)));
    }

    [Test]
    public async Task AnEventIsFoundByIdAsItWasStored()
    {
        foreach (var expected in new[] { _events[11], _events[0], _events[^1] })
        {
            var found = await Reader.FindAsync(expected.Id);

            // The same event; key order inside context and data is the store's (PostgreSQL's jsonb sorts keys).
            Assert.That(found, Is.Not.Null);
            Assert.That((found!.Id, found.Name, found.Timestamp), Is.EqualTo((expected.Id, expected.Name, expected.Timestamp)));
            var (stored, sent) = (JsonNode.Parse(EventJson.Serialize(found)), JsonNode.Parse(EventJson.Serialize(expected)));
            Assert.That(JsonNode.DeepEquals(stored, sent), Is.True, $"{stored?.ToJsonString()} != {sent?.ToJsonString()}");
        }

        Assert.That(await Reader.FindAsync(Guid.NewGuid()), Is.Null);
    }

    [TestCase(TimeBucket.Minute)]
    [TestCase(TimeBucket.Hour)]
    [TestCase(TimeBucket.Day)]
    public async Task CountsByNameAndBucketMatchTheModel(TimeBucket bucket)
    {
        var filters = new[]
        {
            new EventFilter { From = Start.AddHours(1), To = Start.AddHours(15) },
            new EventFilter { From = Start.AddDays(-1) },
            new EventFilter { From = Start.AddMinutes(7).AddTicks(3), NamePrefix = "a_" },
        };
        foreach (var filter in filters)
        {
            var counts = await Reader.CountByNameAsync(new EventCountQuery { Filter = filter, Bucket = bucket });

            Assert.That(counts, Is.EqualTo(ContractEvents.CountByName(_events, filter, bucket)), $"{filter}");
        }
    }

    [TestCase("user_id")]
    [TestCase("course_id")]
    [TestCase("org.unit")]
    public async Task DistinctUsersPerDayMatchTheModel(string key)
    {
        foreach (var filter in new[] { EventFilter.All, new EventFilter { NamePrefix = "edx.", From = Start.AddHours(5) } })
        {
            var counts = await Reader.CountDistinctUsersAsync(new DistinctUsersQuery { UserKey = key, Filter = filter });

            Assert.That(counts, Is.EqualTo(ContractEvents.DistinctUsers(_events, filter, key)), $"{filter}");
        }
    }

    [Test]
    public async Task TheCatalogListsEachNameWithItsCountSpanAndInferredFields()
    {
        var catalog = await Reader.GetCatalogAsync(new EventCatalogQuery { SamplePerName = 1000, MaxExamples = 20 });

        var groups = _events.GroupBy(e => e.Name).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        Assert.That(catalog.Select(c => (c.Name, c.Count, c.FirstSeen, c.LastSeen, c.Sampled)), Is.EqualTo(
            groups.Select(g => (g.Key, (long)g.Count(), g.Min(e => e.Timestamp), g.Max(e => e.Timestamp), g.Count()))));
        foreach (var (summary, group) in catalog.Zip(groups))
        {
            var model = new EventFieldCollector(maxExamples: 20);
            // Every store samples the newest events of a name and reads them oldest first (all of them here).
            foreach (var evt in group.OrderBy(EventCursor.At))
            {
                model.Add(evt);
            }

            var expected = model.Build().ToDictionary(f => (f.Source, f.Path));
            Assert.That(summary.Fields.Select(f => (f.Source, f.Path)), Is.EquivalentTo(expected.Keys), summary.Name);
            foreach (var field in summary.Fields)
            {
                var want = expected[(field.Source, field.Path)];
                Assert.That((field.Types, field.Present, field.Presence), Is.EqualTo((want.Types, want.Present, want.Presence)), $"{summary.Name} {field.Source} {field.Path}");
                Assert.That(field.Examples, Is.EqualTo(want.Examples), $"{summary.Name} {field.Source} {field.Path}");
            }
        }

        var check = catalog.Single(c => c.Name == "problem.check").Fields.ToDictionary(f => (f.Source, f.Path));
        Assert.That(check[(EventFieldSource.Data, "n")].Types, Is.EqualTo(EventFieldTypes.Integer));
        Assert.That(check[(EventFieldSource.Data, "nested.ok")].Types, Is.EqualTo(EventFieldTypes.Boolean));
        Assert.That(check[(EventFieldSource.Context, "course_id")].Presence, Is.EqualTo(1.0));
    }

    [Test]
    public async Task AFilteredCatalogWithoutFieldsCountsOnlyTheMatchingEvents()
    {
        var filter = new EventFilter { NamePrefix = "a", From = Start.AddHours(4) };

        var catalog = await Reader.GetCatalogAsync(new EventCatalogQuery { Filter = filter, IncludeFields = false });

        Assert.That(catalog.Select(c => (c.Name, c.Count, c.Sampled, c.Fields.Count)), Is.EqualTo(
            _events.Where(filter.Matches).GroupBy(e => e.Name).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, (long)g.Count(), 0, 0))));
    }

    [Test]
    public async Task RetentionDeletesTheOldestEventsInBatches()
    {
        var retention = (IEventRetention)Reader;
        var cutoff = Start.AddHours(2);
        var older = _events.Count(e => e.Timestamp < cutoff);

        var first = await retention.DeleteBeforeAsync(cutoff, 10);
        var rest = await retention.DeleteBeforeAsync(cutoff, 10_000);

        Assert.That(first, Is.EqualTo(10));
        Assert.That(rest, Is.EqualTo(older - 10));
        Assert.That(await Reader.CountAsync(EventFilter.All), Is.EqualTo(_events.Count - older));
        Assert.That(await Reader.CountAsync(new EventFilter { To = cutoff }), Is.Zero);
        Assert.That(await Reader.CountByNameAsync(new EventCountQuery { Filter = new EventFilter { From = Start.AddDays(-1) }, Bucket = TimeBucket.Hour }),
            Is.EqualTo(ContractEvents.CountByName(_events.Where(e => e.Timestamp >= cutoff), EventFilter.All, TimeBucket.Hour)));
    }

    [Test]
    public async Task AStoreThatDoesNotExistReadsEmpty()
    {
        var reader = await _store.OpenMissingAsync();
        try
        {
            Assert.That((await reader.ReadAsync(new EventReadQuery())).Events, Is.Empty);
            Assert.That(await reader.FindAsync(_events[0].Id), Is.Null);
            Assert.That(await reader.CountAsync(EventFilter.All), Is.Zero);
            Assert.That(await reader.CountByNameAsync(new EventCountQuery { Filter = new EventFilter { From = Start } }), Is.Empty);
            Assert.That(await reader.CountDistinctUsersAsync(new DistinctUsersQuery()), Is.Empty);
            Assert.That(await reader.GetCatalogAsync(new EventCatalogQuery()), Is.Empty);
        }
        finally
        {
            (reader as IDisposable)?.Dispose();
        }
    }

    [Test]
    public void AnInvalidQueryIsRefusedByName()
    {
        var limit = Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Reader.ReadAsync(new EventReadQuery { Limit = 0 }));
        var prefix = Assert.ThrowsAsync<ArgumentException>(() => Reader.CountAsync(new EventFilter { NamePrefix = string.Empty }));

        Assert.That(limit!.ParamName, Is.EqualTo("Limit"));
        Assert.That(prefix!.Message, Does.Contain("NamePrefix"));
    }

    [Test]
    public async Task AFollowerSeesOnlyEventsStoredAfterItStarted()
    {
        var follower = new EventFollower(Reader, new EventFilter { NamePrefix = "late." }, TimeSpan.FromSeconds(5));
        await follower.StartAsync(null);
        var late = new TrackingEvent(Guid.NewGuid(), "late.one", _events.Max(e => e.Timestamp).AddSeconds(1), null, null);

        await _store.WriteAsync([late]);

        Assert.That((await follower.PollAsync()).Select(e => e.Id), Is.EqualTo(new[] { late.Id }));
        Assert.That(await follower.PollAsync(), Is.Empty);
    }
}
