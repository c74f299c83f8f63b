using EventTracking.Reading;

namespace EventTracking.Tests;

/// <summary>
/// The reader against a model: the same events filtered with <see cref="EventFilter.Matches"/> and ordered by
/// (timestamp, id) in memory must come back from PostgreSQL page by page, counted and catalogued alike.
/// </summary>
[TestFixture(PostgreSqlPartitioning.None, PostgreSqlJsonType.Jsonb)]
[TestFixture(PostgreSqlPartitioning.Daily, PostgreSqlJsonType.Jsonb)]
[TestFixture(PostgreSqlPartitioning.None, PostgreSqlJsonType.Json)]
[Category("Integration")]
public sealed class PostgreSqlEventReaderTests(PostgreSqlPartitioning partitioning, PostgreSqlJsonType jsonType)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 22, 0, 0, TimeSpan.Zero);

    private string _server = null!;
    private string _table = null!;
    private PostgreSqlBackend _backend = null!;
    private List<TrackingEvent> _events = null!;

    [SetUp]
    public async Task Fill()
    {
        _server = PostgresServer.Require();
        _table = PostgresServer.NewTableName();
        _backend = new PostgreSqlBackend(new PostgreSqlBackendOptions { ConnectionString = _server, Table = _table, Partitioning = partitioning, JsonType = jsonType });
        _events = [];
        var names = new[] { "edx.course.enroll", "edx.course.unenroll", "navigation.request", "problem.check" };
        for (var i = 0; i < 300; i++)
        {
            object? user = (i % 5) switch { 0 => 42L, 1 => "42", 2 => 7L, 3 => null, _ => "someone" };
            var context = new Dictionary<string, object?> { ["course_id"] = i % 2 == 0 ? "cs101" : "cs102" };
            if (i % 7 != 0)
            {
                context["user_id"] = user;
            }

            // Several events share a timestamp so the id breaks ties.
            _events.Add(new TrackingEvent(
                Guid.NewGuid(), names[i % names.Length], Start.AddMinutes(i * 11 / 3), context,
                new Dictionary<string, object?> { ["n"] = (long)i, ["url"] = "/p/" + i, ["nested"] = new Dictionary<string, object?> { ["ok"] = i % 2 == 0 } }));
        }

        await _backend.SendBatchAsync(_events, CancellationToken.None);
    }

    [TearDown]
    public async Task Drop()
    {
        if (_backend is not null)
        {
            await _backend.DisposeAsync();
            await PostgresServer.ExecuteAsync(_server, $"DROP TABLE IF EXISTS \"{_table}\" CASCADE");
        }
    }

    private static IEnumerable<EventFilter> Filters()
    {
        yield return EventFilter.All;
        yield return new EventFilter { Name = "problem.check" };
        yield return new EventFilter { NamePrefix = "edx.course." };
        yield return new EventFilter { From = Start.AddHours(3), To = Start.AddHours(9) };
        yield return new EventFilter { Context = new Dictionary<string, string> { ["user_id"] = "42" } };
        yield return new EventFilter { NamePrefix = "edx.", Context = new Dictionary<string, string> { ["user_id"] = "42", ["course_id"] = "cs101" } };
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
        Assert.That(found!.Name, Is.EqualTo(expected.Name));
        Assert.That(found.Timestamp, Is.EqualTo(expected.Timestamp));
        Assert.That(found.Data["n"], Is.EqualTo(11L));
        Assert.That(((IReadOnlyDictionary<string, object?>)found.Data["nested"]!)["ok"], Is.EqualTo(false));
        Assert.That(found.Context["user_id"], Is.EqualTo("42"));
        Assert.That(await _backend.FindAsync(Guid.NewGuid()), Is.Null);
    }

    [TestCase(TimeBucket.Minute)]
    [TestCase(TimeBucket.Hour)]
    [TestCase(TimeBucket.Day)]
    public async Task CountsByNameAndBucketMatchTheModel(TimeBucket bucket)
    {
        var filter = new EventFilter { From = Start.AddHours(1), To = Start.AddHours(15) };

        var counts = await _backend.CountByNameAsync(new EventCountQuery { Filter = filter, Bucket = bucket });

        var model = _events.Where(filter.Matches)
            .GroupBy(e => (Bucket: EventCountQuery.BucketStart(e.Timestamp, bucket), e.Name))
            .OrderBy(g => g.Key.Bucket).ThenBy(g => g.Key.Name, StringComparer.Ordinal)
            .Select(g => new EventCount(g.Key.Bucket, g.Key.Name, g.LongCount()));
        Assert.That(counts, Is.EqualTo(model));
    }

    [Test]
    public async Task DistinctUsersPerDayMatchTheModel()
    {
        var counts = await _backend.CountDistinctUsersAsync(new DistinctUsersQuery());

        var model = _events
            .Where(e => e.Context.TryGetValue("user_id", out var user) && user is not null)
            .GroupBy(e => DateOnly.FromDateTime(e.Timestamp.UtcDateTime))
            .OrderBy(g => g.Key)
            .Select(g => new DailyUserCount(g.Key, g.Select(e => Convert.ToString(e.Context["user_id"], System.Globalization.CultureInfo.InvariantCulture)).Distinct().LongCount()));
        Assert.That(counts, Is.EqualTo(model));
    }

    [Test]
    public async Task TheCatalogListsEachNameWithItsCountSpanAndFields()
    {
        var catalog = await _backend.GetCatalogAsync(new EventCatalogQuery { SamplePerName = 10 });

        Assert.That(catalog.Select(c => c.Name), Is.EqualTo(new[] { "edx.course.enroll", "edx.course.unenroll", "navigation.request", "problem.check" }));
        var check = catalog.Single(c => c.Name == "problem.check");
        var model = _events.Where(e => e.Name == "problem.check").ToList();
        Assert.That(check.Count, Is.EqualTo(model.Count));
        Assert.That(check.FirstSeen, Is.EqualTo(model.Min(e => e.Timestamp)));
        Assert.That(check.LastSeen, Is.EqualTo(model.Max(e => e.Timestamp)));
        Assert.That(check.Sampled, Is.EqualTo(10));
        var n = check.Fields.Single(f => f.Source == EventFieldSource.Data && f.Path == "n");
        Assert.That(n.Types, Is.EqualTo(EventFieldTypes.Integer));
        Assert.That(check.Fields.Single(f => f.Path == "nested.ok").Types, Is.EqualTo(EventFieldTypes.Boolean));
        Assert.That(check.Fields.Single(f => f.Source == EventFieldSource.Context && f.Path == "course_id").Presence, Is.EqualTo(1.0));
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
    public async Task AReaderOverATableThatDoesNotExistReadsEmpty()
    {
        await using var reader = new PostgreSqlEventReader(new PostgreSqlBackendOptions { ConnectionString = _server, Table = PostgresServer.NewTableName() });

        Assert.That((await reader.ReadAsync(new EventReadQuery())).Events, Is.Empty);
        Assert.That(await reader.CountAsync(EventFilter.All), Is.Zero);
        Assert.That(await reader.GetCatalogAsync(new EventCatalogQuery()), Is.Empty);
        Assert.That(await reader.DeleteBeforeAsync(DateTimeOffset.UtcNow, 10), Is.Zero);
    }

    [Test]
    public void AnInvalidQueryIsRefusedByName()
    {
        var ex = Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _backend.ReadAsync(new EventReadQuery { Limit = 0 }));

        Assert.That(ex!.ParamName, Is.EqualTo("Limit"));
    }
}
