namespace EventTracking.Tests;

/// <summary>
/// Every event id is stored once, whichever way a batch goes: straight COPY when all its events are new, the staging
/// table and <c>ON CONFLICT DO NOTHING</c> when some id is already stored or appears twice.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class PostgreSqlExactlyOnceTests : PostgresTableTest
{
    [Test]
    public async Task ABatchHoldingAnAlreadyStoredIdStoresItsNewEventsAndTheStoredOneOnce()
    {
        await using var backend = Backend();
        var stored = TestEvents.Small(10);
        await backend.SendBatchAsync(stored, CancellationToken.None);
        var fresh = TestEvents.Small(6, name: "problem.check");

        // The stored event sits in the middle: the straight COPY has written rows before it when it fails.
        await backend.SendBatchAsync([.. fresh[..3], stored[7], .. fresh[3..]], CancellationToken.None);

        Assert.That(await CountAsync(), Is.EqualTo(16));
        Assert.That(await PostgresServer.ScalarAsync<long>(Server, $"SELECT count(DISTINCT id) FROM \"{Table}\""), Is.EqualTo(16));
        Assert.That(await PostgresServer.ScalarAsync<long>(Server, $"SELECT count(*) FROM \"{Table}\" WHERE name = 'problem.check'"), Is.EqualTo(6));
        Assert.That(await PostgresServer.ScalarAsync<long>(Server, $"SELECT count(*) FROM \"{Table}\" WHERE id = '{stored[7].Id}'"), Is.EqualTo(1));
    }

    [Test]
    public async Task ALargeBatchWhoseFirstEventIsStoredAlreadyIsStoredWithoutItsRepeat()
    {
        await using var backend = Backend();
        var batch = TestEvents.Small(5000);
        await backend.SendBatchAsync(batch[..1], CancellationToken.None);

        // The server rejects the COPY at its first row and must still read the rest of the data before answering.
        await backend.SendBatchAsync(batch, CancellationToken.None);

        Assert.That(await CountAsync(), Is.EqualTo(5000));
        Assert.That(await PostgresServer.ScalarAsync<long>(Server, $"SELECT count(DISTINCT id) FROM \"{Table}\""), Is.EqualTo(5000));
    }

    [Test]
    public async Task ABatchHoldingOneIdTwiceStoresItOnce()
    {
        await using var backend = Backend();
        var events = TestEvents.Small(4);

        await backend.SendBatchAsync([events[0], events[1], events[2], events[1], events[3]], CancellationToken.None);

        Assert.That(await CountAsync(), Is.EqualTo(4));
        Assert.That(await PostgresServer.ScalarAsync<long>(Server, $"SELECT count(*) FROM \"{Table}\" WHERE id = '{events[1].Id}'"), Is.EqualTo(1));
    }

    [Test]
    public async Task AReplayedBacklogThenNewEventsThenAnotherReplayAreEachStoredOnce()
    {
        await using var backend = Backend();
        var first = TestEvents.Small(20);
        var second = TestEvents.Small(20);
        var third = TestEvents.Small(20);

        await backend.SendBatchAsync(first, CancellationToken.None);
        await backend.SendBatchAsync(first, CancellationToken.None);   // all stored already
        await backend.SendBatchAsync(second, CancellationToken.None);  // all new again
        await backend.SendBatchAsync(third, CancellationToken.None);
        await backend.SendBatchAsync([.. third[15..], .. TestEvents.Small(5)], CancellationToken.None);

        Assert.That(await CountAsync(), Is.EqualTo(65));
        Assert.That(await PostgresServer.ScalarAsync<long>(Server, $"SELECT count(DISTINCT id) FROM \"{Table}\""), Is.EqualTo(65));
    }

    [Test]
    public async Task SendingAStoredEventAgainSynchronouslyStoresItOnce()
    {
        using var backend = Backend();
        var evt = TestEvents.Small(1)[0];

        backend.Send(evt);
        backend.Send(evt);

        Assert.That(await CountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task WritersRacingWithOverlappingBatchesStoreEachIdOnce()
    {
        var events = TestEvents.Small(3000);
        var backends = Enumerable.Range(0, 3).Select(_ => Backend()).ToArray();
        try
        {
            // Every writer sends every event, in overlapping windows of 500 that start at different places.
            await Task.WhenAll(backends.Select(async (backend, w) =>
            {
                for (var start = w * 250; start < events.Length; start += 500)
                {
                    await backend.SendBatchAsync(new ArraySegment<TrackingEvent>(events, start, Math.Min(500, events.Length - start)), CancellationToken.None);
                }

                await backend.SendBatchAsync(new ArraySegment<TrackingEvent>(events, 0, w * 250), CancellationToken.None);
            }));
        }
        finally
        {
            foreach (var backend in backends)
            {
                await backend.DisposeAsync();
            }
        }

        Assert.That(await CountAsync(), Is.EqualTo(3000));
        Assert.That(await PostgresServer.ScalarAsync<long>(Server, $"SELECT count(DISTINCT id) FROM \"{Table}\""), Is.EqualTo(3000));
    }

    [Test]
    public async Task AnExistingTableKeepsItsIndexesAsTheOperatorLeftThem()
    {
        await using (var first = Backend())
        {
            await first.SendBatchAsync(TestEvents.Small(1), CancellationToken.None);
        }

        await PostgresServer.ExecuteAsync(Server, $"DROP INDEX \"{Table}_name_timestamp\"");
        await using (var second = Backend())
        {
            await second.SendBatchAsync(TestEvents.Small(1), CancellationToken.None);
        }

        Assert.That(await CountAsync(), Is.EqualTo(2));
        Assert.That(
            await PostgresServer.ScalarAsync<long>(Server, $"SELECT count(*) FROM pg_indexes WHERE tablename = '{Table}'"),
            Is.EqualTo(2),
            "the primary key and the timestamp index stay, the dropped index does not come back");
    }

    [Test]
    public async Task ATableCreatedByAnEarlierVersionIsWrittenAndReadAsItIs()
    {
        // The schema of 0.x: the same columns, indexes created with IF NOT EXISTS at every start.
        await PostgresServer.ExecuteAsync(Server, $"""
            CREATE TABLE "{Table}" (id uuid NOT NULL, name text NOT NULL, "timestamp" timestamptz NOT NULL,
                context jsonb NOT NULL, data jsonb NOT NULL, PRIMARY KEY (id));
            CREATE INDEX IF NOT EXISTS "{Table}_name_timestamp" ON "{Table}" (name, "timestamp");
            CREATE INDEX IF NOT EXISTS "{Table}_timestamp" ON "{Table}" ("timestamp");
            """);
        await using var backend = Backend();
        var batch = TestEvents.Small(5);

        await backend.SendBatchAsync(batch, CancellationToken.None);
        await backend.SendBatchAsync(batch, CancellationToken.None);

        Assert.That(await CountAsync(), Is.EqualTo(5));
        var found = await backend.FindAsync(batch[2].Id);
        Assert.That(found?.Data["n"], Is.EqualTo(2L));
    }

    private PostgreSqlBackend Backend() => new(new PostgreSqlBackendOptions { ConnectionString = Server, Table = Table });

    private Task<long> CountAsync() => PostgresServer.ScalarAsync<long>(Server, $"SELECT count(*) FROM \"{Table}\"");
}
