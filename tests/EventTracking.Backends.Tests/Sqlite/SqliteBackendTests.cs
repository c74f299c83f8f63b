using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace EventTracking.Tests.Sqlite;

[TestFixture]
public sealed class SqliteBackendTests : TempFolderTest
{
    [Test]
    public async Task TheSchemaIsCreatedOnFirstUseWithIndexesAndWalMode()
    {
        var path = Folder.File("sub/dir/events.db");
        await using (var backend = new SqliteBackend(path))
        {
            Assert.That(File.Exists(path), Is.False, "nothing is opened before the first event");
            await backend.SendBatchAsync([TestEvents.Create()], CancellationToken.None);
        }

        using var connection = Open(path);
        Assert.That(Scalar(connection, "PRAGMA journal_mode;"), Is.EqualTo("wal"));
        var columns = Column(connection, "SELECT name || ' ' || type || ' ' || pk FROM pragma_table_info('events') ORDER BY cid;");
        Assert.That(columns, Is.EqualTo(new[] { "id TEXT 1", "name TEXT 0", "timestamp TEXT 0", "context TEXT 0", "data TEXT 0" }));
        var indexed = Column(connection, "SELECT il.name || ':' || ii.name FROM pragma_index_list('events') il JOIN pragma_index_info(il.name) ii WHERE il.origin = 'c' ORDER BY 1;");
        Assert.That(indexed, Is.EqualTo(new[]
        {
            "events_name_time_idx:id", "events_name_time_idx:name", "events_name_time_idx:timestamp",
            "events_time_idx:id", "events_time_idx:timestamp",
        }));
    }

    [Test]
    public async Task NestedDataAndTimestampsSurviveARoundTrip()
    {
        var timestamp = new DateTimeOffset(2026, 11, 23, 13, 0, 0, TimeSpan.FromHours(1)).AddTicks(1234560);
        var id = Guid.CreateVersion7();
        var sent = new TrackingEvent(
            id,
            "edx.course.enrollment.activated",
            timestamp,
            new { user_id = 10938, course = new { id = "course-v1:edX+DemoX+Demo", mode = "audit" } },
            new
            {
                text = "héllo \"quoted\" \u2603",
                count = 3,
                ratio = 0.25,
                flag = true,
                missing = (string?)null,
                tags = new object?[] { "a", 1, new { deep = new[] { 1, 2 } }, null },
                when = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            });
        await using var backend = new SqliteBackend(Folder.File("events.db"));
        await backend.SendBatchAsync([sent], CancellationToken.None);

        var read = (await backend.QueryAsync(new EventQuery())).Single();

        Assert.Multiple(() =>
        {
            Assert.That(read.Id, Is.EqualTo(id));
            Assert.That(read.Name, Is.EqualTo(sent.Name));
            Assert.That(read.Timestamp, Is.EqualTo(timestamp), "microseconds and the instant survive");
            Assert.That(read.Timestamp.Offset, Is.EqualTo(TimeSpan.Zero));
            Assert.That(EventJson.Serialize(read), Is.EqualTo(EventJson.Serialize(sent)), "the canonical JSON is unchanged");
            var course = (IReadOnlyDictionary<string, object?>)read.Context["course"]!;
            Assert.That(course["mode"], Is.EqualTo("audit"));
            var tags = (IReadOnlyList<object?>)read.Data["tags"]!;
            Assert.That(tags[1], Is.EqualTo(1L));
            Assert.That(((IReadOnlyList<object?>)((IReadOnlyDictionary<string, object?>)tags[2]!)["deep"]!)[1], Is.EqualTo(2L));
            Assert.That(read.Data["when"], Is.EqualTo("2026-01-02T03:04:05.000000+00:00"));
        });
    }

    [Test]
    public async Task EachEventKeepsItsOwnContextWhetherOrNotItSharesOne()
    {
        var first = TestEvents.Create("a", TestEvents.Start, new { user_id = 1 });
        var sameContext = first with { Id = Guid.CreateVersion7(), Name = "b", Timestamp = TestEvents.Start.AddSeconds(1) };
        var otherContext = TestEvents.Create("c", TestEvents.Start.AddSeconds(2), new { user_id = 2 });
        var noContext = TestEvents.Create("d", TestEvents.Start.AddSeconds(3));
        await using var backend = new SqliteBackend(Folder.File("events.db"));

        await backend.SendBatchAsync([first, sameContext, otherContext, noContext], CancellationToken.None);
        backend.Send(first with { Id = Guid.CreateVersion7(), Name = "e", Timestamp = TestEvents.Start.AddSeconds(4) });

        var read = await backend.QueryAsync(new EventQuery());
        Assert.That(read.Select(e => $"{e.Name}: {string.Join(',', e.Context.Select(c => $"{c.Key}={c.Value}"))}"), Is.EqualTo(new[]
        {
            "e: user_id=1", "d: ", "c: user_id=2", "b: user_id=1", "a: user_id=1",
        }));
    }

    [Test]
    public async Task TheTimestampIsStoredAsCanonicalTextThatSqliteDateFunctionsUnderstand()
    {
        var path = Folder.File("events.db");
        await using (var backend = new SqliteBackend(path))
        {
            await backend.SendBatchAsync([TestEvents.Create(timestamp: TestEvents.Start.AddTicks(1234560))], CancellationToken.None);
        }

        using var connection = Open(path);
        Assert.That(Scalar(connection, "SELECT timestamp FROM events;"), Is.EqualTo("2026-11-23T12:00:00.123456+00:00"));
        Assert.That(Scalar(connection, "SELECT datetime(timestamp) FROM events;"), Is.EqualTo("2026-11-23 12:00:00"));
    }

    [Test]
    public async Task SendingAStoredIdAgainIsANoOp()
    {
        var path = Folder.File("events.db");
        var batch = TestEvents.Small(50);
        await using var backend = new SqliteBackend(path);
        await backend.SendBatchAsync(batch, CancellationToken.None);
        await backend.SendBatchAsync(batch, CancellationToken.None);
        backend.Send(batch[0] with { Name = "changed" });
        await backend.SendBatchAsync([.. batch, .. TestEvents.Small(5)], CancellationToken.None);

        Assert.That(Count(path), Is.EqualTo(55));
        var first = await backend.QueryAsync(new EventQuery { Name = "changed" });
        Assert.That(first, Is.Empty, "the stored event is kept, not overwritten");
    }

    [Test]
    public async Task ConcurrentBatchesAreAllStored()
    {
        var path = Folder.File("events.db");
        await using var backend = new SqliteBackend(path);
        var writers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                await backend.SendBatchAsync(TestEvents.Small(100), CancellationToken.None);
                backend.Send(TestEvents.Create());
            }
        }));

        await Task.WhenAll(writers);

        Assert.That(Count(path), Is.EqualTo(8 * 20 * 101));
    }

    [Test]
    public async Task AHundredThousandEventBatchIsStoredInOneCall()
    {
        var path = Folder.File("events.db");
        var batch = TestEvents.Small(100_000);
        await using var backend = new SqliteBackend(path);
        await backend.SendBatchAsync(TestEvents.Small(10), CancellationToken.None);

        var stopwatch = Stopwatch.StartNew();
        await backend.SendBatchAsync(batch, CancellationToken.None);
        stopwatch.Stop();

        Assert.That(Count(path), Is.EqualTo(100_010));
        TestContext.Out.WriteLine($"100 000 events in one batch: {stopwatch.Elapsed.TotalMilliseconds:F0} ms, {batch.Length / stopwatch.Elapsed.TotalSeconds:F0} events/s");
    }

    [Test]
    public async Task SendStoresOneEventSynchronously()
    {
        var path = Folder.File("events.db");
        using (var backend = new SqliteBackend(new SqliteBackendOptions { Path = path, Synchronous = SqliteSynchronous.Full }))
        {
            backend.Send(TestEvents.Create("one"));
        }

        Assert.That(Count(path), Is.EqualTo(1));
        Assert.That((await new SqliteEventReader(path).QueryAsync(new EventQuery()))[0].Name, Is.EqualTo("one"));
    }

    [Test]
    public async Task ACustomTableNameIsUsed()
    {
        var path = Folder.File("events.db");
        var options = new SqliteBackendOptions { Path = path, TableName = "tracking_log" };
        await using (var backend = new SqliteBackend(options))
        {
            await backend.SendBatchAsync(TestEvents.Small(3), CancellationToken.None);
        }

        using var connection = Open(path);
        Assert.That(Scalar(connection, "SELECT count(*) FROM tracking_log;"), Is.EqualTo(3L));
        Assert.That(await new SqliteEventReader(options).QueryAsync(new EventQuery()), Has.Count.EqualTo(3));
    }

    [TestCase("")]
    [TestCase("1events")]
    [TestCase("events; DROP TABLE x")]
    [TestCase("ev\"ents")]
    [TestCase("sqlite_events")]
    public void AnUnsafeTableNameIsRejectedByName(string tableName)
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new SqliteBackend(new SqliteBackendOptions { TableName = tableName }));
        Assert.That(ex!.Message, Does.Contain("TableName"));
    }

    [Test]
    public void AMissingPathIsRejectedByName()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new SqliteBackend(new SqliteBackendOptions { Path = " " }));
        Assert.That(ex!.Message, Does.Contain("Path"));
    }

    [Test]
    public async Task SendingAfterDisposeThrows()
    {
        var backend = new SqliteBackend(Folder.File("events.db"));
        await backend.DisposeAsync();
        backend.Dispose();

        Assert.Throws<ObjectDisposedException>(() => backend.Send(TestEvents.Create()));
        Assert.ThrowsAsync<ObjectDisposedException>(async () => await backend.SendBatchAsync([TestEvents.Create()], CancellationToken.None));
    }

    [Test]
    public async Task AnEmptyBatchDoesNotTouchTheFile()
    {
        var path = Folder.File("events.db");
        await using var backend = new SqliteBackend(path);
        await backend.SendBatchAsync([], CancellationToken.None);
        Assert.That(File.Exists(path), Is.False);
    }

    [Test]
    public async Task ALockedDatabaseSurfacesAsARetryableFailureAndTheBatchSucceedsOnceTheLockIsReleased()
    {
        var path = Folder.File("events.db");
        var options = new SqliteBackendOptions { Path = path, BusyTimeout = TimeSpan.FromMilliseconds(100) };
        await using var backend = new SqliteBackend(options);
        await backend.SendBatchAsync(TestEvents.Small(1), CancellationToken.None);
        var batch = TestEvents.Small(10);

        using (var locker = Open(path))
        {
            Execute(locker, "BEGIN EXCLUSIVE; INSERT INTO events VALUES ('x', 'held', '', '{}', '{}');");

            var ex = Assert.ThrowsAsync<SqliteException>(async () => await backend.SendBatchAsync(batch, CancellationToken.None));
            Assert.That(ex!.SqliteErrorCode, Is.EqualTo(5).Or.EqualTo(6), "SQLITE_BUSY or SQLITE_LOCKED");

            Execute(locker, "ROLLBACK;");
        }

        await backend.SendBatchAsync(batch, CancellationToken.None);
        Assert.That(Count(path), Is.EqualTo(11));
    }

    [Test]
    public async Task ALockHeldBeforeTheFirstBatchIsAlsoRetryable()
    {
        var path = Folder.File("events.db");
        using (var creator = Open(path))
        {
            Execute(creator, "PRAGMA journal_mode = WAL;");
        }

        await using var backend = new SqliteBackend(new SqliteBackendOptions { Path = path, BusyTimeout = TimeSpan.Zero });
        using (var locker = Open(path))
        {
            Execute(locker, "BEGIN EXCLUSIVE; CREATE TABLE other (x);");
            Assert.ThrowsAsync<SqliteException>(async () => await backend.SendBatchAsync(TestEvents.Small(2), CancellationToken.None));
            Execute(locker, "COMMIT;");
        }

        await backend.SendBatchAsync(TestEvents.Small(2), CancellationToken.None);
        Assert.That(Count(path), Is.EqualTo(2));
    }

    internal static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 1 }.ToString());
        connection.Open();
        return connection;
    }

    internal static long Count(string path)
    {
        using var connection = Open(path);
        return (long)Scalar(connection, "SELECT count(*) FROM events;")!;
    }

    internal static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    internal static List<string> Column(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    internal static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
