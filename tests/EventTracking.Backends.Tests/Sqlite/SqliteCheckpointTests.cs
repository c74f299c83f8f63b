using EventTracking.Reading;
using Microsoft.Data.Sqlite;

namespace EventTracking.Tests.Sqlite;

/// <summary>Committed pages move into the database file in the background, off the writer's lock, and nothing is lost on the way.</summary>
[TestFixture]
public sealed class SqliteCheckpointTests : TempFolderTest
{
    // About 1.1 KB of row per event: 40 batches of 100 are some 4.4 MB, past the 2 MB that asks for a checkpoint.
    private static readonly string Payload = new('x', 1024);

    [Test]
    public async Task RowsReachTheDatabaseFileThroughABackgroundCheckpointWhileTheWriterKeepsWriting()
    {
        var path = Folder.File("events.db");
        await using var backend = new SqliteBackend(path);
        for (var i = 0; i < 40; i++)
        {
            await backend.SendBatchAsync(Batch(i), CancellationToken.None);
        }

        await backend.CheckpointRunning.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.That(backend.CheckpointsCompleted, Is.GreaterThanOrEqualTo(1), "a checkpoint ran on the checkpointer's connection");

        // The writer's own automatic checkpoint waits for 10,000 WAL pages (about 40 MB), so pages in the database
        // file after 4 MB of rows were moved there by the background checkpoint.
        Assert.That(new FileInfo(path).Length, Is.GreaterThan(2 * 1024 * 1024));
        Assert.That(await backend.CountAsync(new EventFilter()), Is.EqualTo(4000));
    }

    [Test]
    public async Task DisposingWhileACheckpointMayRunKeepsEveryCommittedBatch()
    {
        var path = Folder.File("events.db");
        var backend = new SqliteBackend(path);
        for (var i = 0; i < 40; i++)
        {
            await backend.SendBatchAsync(Batch(i), CancellationToken.None);
        }

        await backend.DisposeAsync();
        Assert.That(File.Exists(path + "-wal"), Is.False, "the last connection to close checkpointed and removed the WAL");

        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check; ";
        Assert.That(command.ExecuteScalar(), Is.EqualTo("ok"));
        command.CommandText = "SELECT count(*) FROM events;";
        Assert.That(command.ExecuteScalar(), Is.EqualTo(4000L));
    }

    [Test]
    public void ASynchronousDisposeWaitsForTheCheckpointAndLaterSendsAreRefused()
    {
        var path = Folder.File("events.db");
        var backend = new SqliteBackend(path);
        for (var i = 0; i < 40; i++)
        {
            backend.SendBatchAsync(Batch(i), CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        backend.Dispose();
        Assert.That(backend.CheckpointRunning.IsCompleted, Is.True);
        Assert.That(() => backend.Send(TestEvents.Create()), Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public async Task ErasingRightAfterABackgroundCheckpointWasAskedForLeavesNoCopyInTheLog()
    {
        var path = Folder.File("events.db");
        var options = new SqliteBackendOptions { Path = path };
        await using var backend = new SqliteBackend(options);
        const string Marker = "erase-me-7f3a9c";
        await backend.SendBatchAsync([TestEvents.Create(context: new { user_id = Marker }, data: new { payload = Marker })], CancellationToken.None);
        for (var i = 0; i < 40; i++)
        {
            await backend.SendBatchAsync(Batch(i), CancellationToken.None);
        }

        // The last batches asked for a checkpoint; it may still be running while the erasure truncates the log.
        var removed = await new SqliteEventEraser(options).EraseUserAsync(new UserErasure(Marker));
        await backend.CheckpointRunning.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.That(removed, Is.EqualTo(1));
        Assert.That(new FileInfo(path + "-wal").Length, Is.Zero, "the log was truncated");
        var marker = System.Text.Encoding.UTF8.GetBytes(Marker);
        Assert.That(File.ReadAllBytes(path).AsSpan().IndexOf(marker), Is.EqualTo(-1), "secure_delete overwrote the row in the file");
    }

    private static TrackingEvent[] Batch(int batch) =>
        [.. Enumerable.Range(0, 100).Select(i => TestEvents.Create(data: new { n = (batch * 100) + i, payload = Payload }))];
}
