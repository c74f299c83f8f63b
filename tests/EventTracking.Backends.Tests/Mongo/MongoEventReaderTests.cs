using EventTracking.Reading;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace EventTracking.Tests.Mongo;

/// <summary>
/// What the MongoDB reader does without a server: it refuses invalid queries before sending anything, and it reads
/// documents back into the events <see cref="BsonEventMapper"/> wrote. Its client points at a port nobody listens on,
/// so a query that reached the driver would fail with a timeout, not with the argument exception expected.
/// </summary>
[TestFixture]
public sealed class MongoEventReaderTests
{
    private const string Nowhere = "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=5000&connectTimeoutMS=1000";

    private MongoEventReader _reader = null!;
    private MongoBackend _backend = null!;

    [SetUp]
    public void Create()
    {
        _reader = new MongoEventReader(new MongoBackendOptions { ConnectionString = Nowhere });
        _backend = new MongoBackend(new MongoBackendOptions { ConnectionString = Nowhere });
    }

    [TearDown]
    public void Dispose()
    {
        _reader?.Dispose();
        _backend?.Dispose();
    }

    private static IEnumerable<TestCaseData> InvalidQueries()
    {
        yield return Case("Limit", r => r.ReadAsync(new EventReadQuery { Limit = 0 }));
        yield return Case("Limit", r => r.ReadAsync(new EventReadQuery { Limit = EventReadQuery.MaxLimit + 1 }));
        yield return Case("Order", r => r.ReadAsync(new EventReadQuery { Order = (EventOrder)7 }));
        yield return Case("Name", r => r.ReadAsync(new EventReadQuery { Filter = new EventFilter { Name = "" } }));
        yield return Case("NamePrefix", r => r.CountAsync(new EventFilter { NamePrefix = "" }));
        yield return Case("From", r => r.CountAsync(new EventFilter { From = TestEvents.Start, To = TestEvents.Start.AddTicks(-1) }));
        yield return Case("Context", r => r.CountAsync(new EventFilter { Context = new Dictionary<string, string> { ["a\"b"] = "1" } }));
        yield return Case("Filter", r => r.CountByNameAsync(new EventCountQuery()));
        yield return Case("Bucket", r => r.CountByNameAsync(new EventCountQuery { Filter = new EventFilter { From = DateTimeOffset.UtcNow.AddYears(-1) }, Bucket = TimeBucket.Minute }));
        yield return Case("UserKey", r => r.CountDistinctUsersAsync(new DistinctUsersQuery { UserKey = "" }));
        yield return Case("SamplePerName", r => r.GetCatalogAsync(new EventCatalogQuery { SamplePerName = 0 }));
        yield return Case("MaxExamples", r => r.GetCatalogAsync(new EventCatalogQuery { MaxExamples = 21 }));
        yield return Case("maxEvents", r => ((IEventRetention)r).DeleteBeforeAsync(DateTimeOffset.UtcNow, 0));
    }

    [TestCaseSource(nameof(InvalidQueries))]
    public void AnInvalidQueryIsRefusedByNameBeforeTheServerIsAsked(string parameter, Func<IEventReader, Task> call)
    {
        foreach (var reader in new IEventReader[] { _reader, _backend })
        {
            var ex = Assert.ThrowsAsync(Is.InstanceOf<ArgumentException>(), () => call(reader));
            Assert.That(((ArgumentException)ex!).ParamName, Is.EqualTo(parameter), reader.GetType().Name);
        }
    }

    [Test]
    public void NullQueriesAreRefused()
    {
        Assert.ThrowsAsync<ArgumentNullException>(() => _reader.ReadAsync(null!));
        Assert.ThrowsAsync<ArgumentNullException>(() => _reader.CountAsync(null!));
        Assert.ThrowsAsync<ArgumentNullException>(() => _backend.GetCatalogAsync(null!));
    }

    [Test]
    public void TheOptionsAreCheckedWhenTheReaderIsCreated()
    {
        var noConnection = Assert.Throws<ArgumentException>(() => _ = new MongoEventReader(new MongoBackendOptions()));
        var badDatabase = Assert.Throws<ArgumentException>(() => _ = new MongoEventReader(new MongoBackendOptions { ConnectionString = Nowhere, Database = "a.b" }));

        Assert.That(noConnection!.ParamName, Is.EqualTo("ConnectionString"));
        Assert.That(badDatabase!.Message, Does.Contain("'a.b'"));
        using var named = new MongoEventReader(new MongoBackendOptions { Database = "db1", Collection = "c1" }, new MongoClient(Nowhere));
        Assert.That((named.Database, named.Collection), Is.EqualTo(("db1", "c1")));
    }

    [Test]
    public void AServerThatCannotBeReachedFailsTheReadWithTheDriversTimeout()
    {
        using var reader = new MongoEventReader(new MongoBackendOptions { ConnectionString = "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=200" });

        Assert.ThrowsAsync<TimeoutException>(() => reader.CountAsync(EventFilter.All));
    }

    [Test]
    public void AStoredDocumentReadsBackAsTheEventThatWasWrittenToTheMillisecond()
    {
        var evt = new TrackingEvent(
            Guid.CreateVersion7(),
            "course.enrolled",
            TestEvents.Start.AddTicks(1_234_567),
            new Dictionary<string, object?> { ["user_id"] = 10938L, ["course"] = new Dictionary<string, object?> { ["id"] = "cs101" } },
            new Dictionary<string, object?>
            {
                ["n"] = 5,
                ["big"] = long.MaxValue,
                ["ratio"] = 0.25,
                ["amount"] = 1.50m,
                ["ok"] = true,
                ["none"] = null,
                ["tags"] = new List<object?> { "a", 1L },
                ["ref"] = Guid.NewGuid(),
                ["at"] = TestEvents.Start.AddMilliseconds(3),
            });

        using var raw = BsonEventMapper.ToRawDocument(evt);
        var wire = BsonSerializer.Deserialize<BsonDocument>(raw.ToBson());
        var read = MongoEventReader.ToEvent(wire);

        var expected = evt with { Timestamp = TestEvents.Start.AddMilliseconds(123) };
        Assert.That(EventJson.Serialize(read), Is.EqualTo(EventJson.Serialize(expected)));
        Assert.That(read.Timestamp, Is.EqualTo(EventCursor.At(read).Timestamp), "a stored timestamp is its own cursor position");
    }

    [Test]
    public void FieldsInferredFromReadBackEventsHaveTheirJsonTypes()
    {
        var evt = TestEvents.Create(context: new { user_id = 7 }, data: new { n = 1, x = 1.5, s = "a", b = false, o = new { k = 1L } });
        var collector = new EventFieldCollector();

        collector.Add(MongoEventReader.ToEvent(MongoRendering.OverTheWire(BsonEventMapper.ToBsonDocument(evt))));

        var types = collector.Build().ToDictionary(f => (f.Source, f.Path), f => f.Types);
        Assert.That(types, Is.EquivalentTo(new Dictionary<(EventFieldSource, string), EventFieldTypes>
        {
            [(EventFieldSource.Data, "n")] = EventFieldTypes.Integer,
            [(EventFieldSource.Data, "x")] = EventFieldTypes.Number,
            [(EventFieldSource.Data, "s")] = EventFieldTypes.String,
            [(EventFieldSource.Data, "b")] = EventFieldTypes.Boolean,
            [(EventFieldSource.Data, "o")] = EventFieldTypes.Object,
            [(EventFieldSource.Data, "o.k")] = EventFieldTypes.Integer,
            [(EventFieldSource.Context, "user_id")] = EventFieldTypes.Integer,
        }));
    }

    [Test]
    public void ADocumentThatIsNotAnEventIsReportedWithItsId()
    {
        var document = new BsonDocument { { "_id", new ObjectId("656565656565656565656565") }, { "name", "x" } };

        var ex = Assert.Throws<InvalidDataException>(() => MongoEventReader.ToEvent(document));

        Assert.That(ex!.Message, Does.Contain("656565656565656565656565").And.Contain("not a valid event"));
    }

    private static TestCaseData Case(string parameter, Func<IEventReader, Task> call, [System.Runtime.CompilerServices.CallerLineNumber] int line = 0) =>
        new TestCaseData(parameter, call).SetArgDisplayNames(parameter, "line" + line.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
