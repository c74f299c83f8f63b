namespace EventTracking.Tests.Sqlite;

[TestFixture]
public sealed class SqliteEventReaderTests
{
    private TempFolder _folder = null!;
    private string _path = null!;

    [SetUp]
    public async Task StoreEvents()
    {
        _folder = new TempFolder();
        _path = _folder.File("events.db");
        await using var backend = new SqliteBackend(_path);

        // Sent out of time order on purpose: reading sorts by timestamp, not by arrival.
        var events = new List<TrackingEvent>();
        for (var minute = 9; minute >= 0; minute--)
        {
            events.Add(TestEvents.Create(minute % 2 == 0 ? "even" : "odd", TestEvents.Start.AddMinutes(minute), data: new { minute }));
        }

        await backend.SendBatchAsync(events, CancellationToken.None);
    }

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    [Test]
    public async Task EventsComeBackNewestFirst()
    {
        var events = await new SqliteEventReader(_path).QueryAsync(new EventQuery());
        Assert.That(events.Select(e => e.Data["minute"]), Is.EqualTo(new object[] { 9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L, 0L }));
    }

    [Test]
    public async Task TableExistsSaysWhetherTheFileHoldsTheEventsTable()
    {
        Assert.That(await new SqliteEventReader(_path).TableExistsAsync(), Is.True);
        Assert.That(await new SqliteEventReader(new SqliteBackendOptions { Path = _path, TableName = "evnets" }).TableExistsAsync(), Is.False);
        Assert.That(await new SqliteEventReader(_folder.File("missing.db")).TableExistsAsync(), Is.False);
        Assert.That(File.Exists(_folder.File("missing.db")), Is.False, "checking creates no file");
    }

    [Test]
    public async Task TheLimitKeepsTheNewest()
    {
        var events = await new SqliteEventReader(_path).QueryAsync(new EventQuery { Limit = 3 });
        Assert.That(events.Select(e => e.Data["minute"]), Is.EqualTo(new object[] { 9L, 8L, 7L }));
    }

    [Test]
    public async Task ANameFilterMatchesExactly()
    {
        var events = await new SqliteEventReader(_path).QueryAsync(new EventQuery { Name = "even" });
        Assert.That(events.Select(e => e.Data["minute"]), Is.EqualTo(new object[] { 8L, 6L, 4L, 2L, 0L }));
        Assert.That(await new SqliteEventReader(_path).QueryAsync(new EventQuery { Name = "ev" }), Is.Empty);
    }

    [Test]
    public async Task FromIsInclusiveAndToIsExclusive()
    {
        var query = new EventQuery { From = TestEvents.Start.AddMinutes(3), To = TestEvents.Start.AddMinutes(6) };
        var events = await new SqliteEventReader(_path).QueryAsync(query);
        Assert.That(events.Select(e => e.Data["minute"]), Is.EqualTo(new object[] { 5L, 4L, 3L }));
    }

    [Test]
    public async Task BoundsGivenInAnotherOffsetMeanTheSameInstant()
    {
        var from = TestEvents.Start.AddMinutes(8).ToOffset(TimeSpan.FromHours(-5));
        var events = await new SqliteEventReader(_path).QueryAsync(new EventQuery { From = from });
        Assert.That(events.Select(e => e.Data["minute"]), Is.EqualTo(new object[] { 9L, 8L }));
    }

    [Test]
    public async Task AllFiltersCombine()
    {
        var query = new EventQuery { Name = "odd", From = TestEvents.Start.AddMinutes(2), To = TestEvents.Start.AddMinutes(9), Limit = 2 };
        var events = await new SqliteEventReader(_path).QueryAsync(query);
        Assert.That(events.Select(e => e.Data["minute"]), Is.EqualTo(new object[] { 7L, 5L }));
    }

    [Test]
    public async Task AMissingFileOrTableReadsAsEmpty()
    {
        Assert.That(await new SqliteEventReader(_folder.File("none.db")).QueryAsync(new EventQuery()), Is.Empty);
        Assert.That(File.Exists(_folder.File("none.db")), Is.False, "reading does not create the file");
        var otherTable = new SqliteBackendOptions { Path = _path, TableName = "other" };
        Assert.That(await new SqliteEventReader(otherTable).QueryAsync(new EventQuery()), Is.Empty);
    }

    [Test]
    public void ANonPositiveLimitIsRejected()
    {
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => new SqliteEventReader(_path).QueryAsync(new EventQuery { Limit = 0 }));
    }

    [Test]
    public async Task ReadersAreNotBlockedByAWriterHoldingTheLock()
    {
        using var locker = SqliteBackendTests.Open(_path);
        SqliteBackendTests.Execute(locker, "BEGIN IMMEDIATE; DELETE FROM events;");

        var events = await new SqliteEventReader(_path).QueryAsync(new EventQuery());

        Assert.That(events, Has.Count.EqualTo(10), "the reader sees the last committed state");
        SqliteBackendTests.Execute(locker, "ROLLBACK;");
    }

    [Test]
    public async Task ABatchThatSharesOneTimestampReadsBackInEmissionOrder()
    {
        var path = _folder.File("batch.db");
        var memory = new InMemoryBackend();
        var tracker = new Tracker(
            new Dictionary<string, IEventBackend> { ["memory"] = memory },
            options: new TrackerOptions { TimeProvider = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestEvents.Start) });
        for (var i = 0; i < 100; i++)
        {
            tracker.Emit("batch.event", new { i });
        }

        await using (var backend = new SqliteBackend(path))
        {
            await backend.SendBatchAsync(memory.Events.Reverse().ToList(), CancellationToken.None);
        }

        var read = await new SqliteEventReader(path).QueryAsync(new EventQuery { Limit = 100 });

        Assert.That(read.Select(e => e.Timestamp).Distinct().Count(), Is.EqualTo(1));
        Assert.That(read.Reverse().Select(e => e.Data["i"]), Is.EqualTo(Enumerable.Range(0, 100).Select(i => (object)(long)i)));
    }
}
