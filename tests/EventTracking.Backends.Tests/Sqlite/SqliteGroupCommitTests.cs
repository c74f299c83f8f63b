using Microsoft.Data.Sqlite;

namespace EventTracking.Tests.Sqlite;

/// <summary>Concurrent batches share transactions, and each caller still hears only about its own batch.</summary>
[TestFixture]
public sealed class SqliteGroupCommitTests : TempFolderTest
{
    [Test]
    public async Task BatchesQueuedBehindABusyWriterAreAllStoredAndEachCallReturnsAfterItsCommit()
    {
        var path = Folder.File("events.db");
        await using var backend = new SqliteBackend(new SqliteBackendOptions { Path = path, BusyTimeout = TimeSpan.FromSeconds(30) });
        await backend.SendBatchAsync(TestEvents.Small(1), CancellationToken.None);

        Task[] sends;
        using (var locker = Open(path))
        {
            Execute(locker, "BEGIN IMMEDIATE;");
            // SQLite writes on the calling thread, so each send gets its own.
            sends = Enumerable.Range(0, 16).Select(_ => Task.Run(() => backend.SendBatchAsync(TestEvents.Small(100), CancellationToken.None).AsTask())).ToArray();
            Assert.That(sends.Any(s => s.IsCompleted), Is.False, "nothing is acknowledged while the file is locked");
            Execute(locker, "COMMIT;");
        }

        await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.That(Count(path), Is.EqualTo(1 + (16 * 100)));
    }

    [Test]
    public async Task ABatchThatCannotBeWrittenFailsOnlyItsOwnCaller()
    {
        var path = Folder.File("events.db");
        await using var backend = new SqliteBackend(new SqliteBackendOptions { Path = path, BusyTimeout = TimeSpan.FromSeconds(30) });
        await backend.SendBatchAsync(TestEvents.Small(1), CancellationToken.None);
        var bad = new[] { UnreadableEvent() };

        Task good1, failing, good2;
        using (var locker = Open(path))
        {
            Execute(locker, "BEGIN IMMEDIATE;");
            good1 = Task.Run(() => backend.SendBatchAsync(TestEvents.Small(10), CancellationToken.None).AsTask());
            failing = Task.Run(() => backend.SendBatchAsync(bad, CancellationToken.None).AsTask());
            good2 = Task.Run(() => backend.SendBatchAsync(TestEvents.Small(10), CancellationToken.None).AsTask());
            Execute(locker, "COMMIT;");
        }

        await Task.WhenAll(good1, good2).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.That(async () => await failing, Throws.InstanceOf<Exception>());
        Assert.That(Count(path), Is.EqualTo(21), "both good batches are stored, nothing of the bad one");
    }

    [Test]
    public async Task ACallCancelledBeforeItGetsTheWriterStoresNothingOfItsBatch()
    {
        var path = Folder.File("events.db");
        await using var backend = new SqliteBackend(path);
        await backend.SendBatchAsync(TestEvents.Small(1), CancellationToken.None);

        Assert.That(async () => await backend.SendBatchAsync(TestEvents.Small(7), new CancellationToken(canceled: true)), Throws.InstanceOf<OperationCanceledException>());
        await backend.SendBatchAsync(TestEvents.Small(5), CancellationToken.None);

        Assert.That(Count(path), Is.EqualTo(6), "the cancelled batch is not written by the next writer");
    }

    // An emitted event keeps anonymous data unread until a backend reads it; this one cannot be read.
    private static TrackingEvent UnreadableEvent()
    {
        var memory = new InMemoryBackend();
        var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["memory"] = memory });
        tracker.Emit("bad", new { thing = new Unreadable() });
        return memory.Events.Single();
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Count(string path)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM events;";
        return (long)command.ExecuteScalar()!;
    }

    private sealed class Unreadable
    {
        public string Value => throw new InvalidOperationException("This property cannot be read.");
    }
}
