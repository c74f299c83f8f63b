using Npgsql;

namespace EventTracking.Tests;

/// <summary>Writes through a real PostgreSQL server, each test in a table of its own that is dropped afterwards.</summary>
[TestFixture]
[Category("Integration")]
public sealed class PostgreSqlBackendTests : PostgresTableTest
{
    [Test]
    public async Task ABatchIsStoredWithItsContextAndDataAsJsonb()
    {
        await using var backend = Backend();
        var batch = TestEvents.Small(3);

        await backend.SendBatchAsync(batch, CancellationToken.None);

        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT id, name, \"timestamp\", context->>'user_id', (data->>'n')::int, jsonb_typeof(data) FROM \"{Table}\" ORDER BY \"timestamp\"",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(Guid Id, string Name, DateTime Timestamp, string User, int N, string Type)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetGuid(0), reader.GetString(1), reader.GetDateTime(2), reader.GetString(3), reader.GetInt32(4), reader.GetString(5)));
        }

        Assert.That(rows.Select(r => r.Id), Is.EqualTo(batch.Select(e => e.Id)));
        Assert.That(rows.Select(r => r.N), Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(rows[1].Timestamp, Is.EqualTo(batch[1].Timestamp.UtcDateTime));
        Assert.That(rows[0].User, Is.EqualTo("10938"));
        Assert.That(rows[0].Name, Is.EqualTo("navigation.request"));
        Assert.That(rows[0].Type, Is.EqualTo("object"));
    }

    [Test]
    public async Task SendingTheSameBatchAgainStoresEachEventOnce()
    {
        await using var backend = Backend();
        var batch = TestEvents.Small(50);

        await backend.SendBatchAsync(batch, CancellationToken.None);
        await backend.SendBatchAsync(batch, CancellationToken.None);
        await backend.SendBatchAsync([batch[0], batch[0], .. TestEvents.Small(2)], CancellationToken.None);

        Assert.That(await CountAsync(), Is.EqualTo(52));
    }

    [Test]
    public async Task SendStoresOneEventSynchronously()
    {
        using var backend = Backend();
        var evt = TestEvents.Small(1)[0];

        backend.Send(evt);

        Assert.That(await PostgresServer.ScalarAsync<Guid>(Server, $"SELECT id FROM \"{Table}\""), Is.EqualTo(evt.Id));
    }

    [Test]
    public async Task TheTableIsCreatedWithAKeyOnIdAndAnIndexOnNameAndTimestamp()
    {
        await using var backend = Backend();
        await backend.SendBatchAsync(TestEvents.Small(1), CancellationToken.None);

        var indexes = await PostgresServer.ScalarAsync<string>(
            Server, $"SELECT string_agg(indexdef, ' | ' ORDER BY indexname) FROM pg_indexes WHERE tablename = '{Table}'");
        Assert.That(indexes, Does.Contain("(name, \"timestamp\")"));
        Assert.That(indexes, Does.Contain("UNIQUE INDEX").And.Contain("(id)"));
        Assert.That(
            await PostgresServer.ScalarAsync<string>(Server, $"SELECT data_type FROM information_schema.columns WHERE table_name = '{Table}' AND column_name = 'context'"),
            Is.EqualTo("jsonb"));
    }

    [TestCase(PostgreSqlPartitioning.Monthly, 2)]
    [TestCase(PostgreSqlPartitioning.Daily, 3)]
    public async Task APartitionedTableGetsAPartitionForEachPeriodItsEventsFallIn(PostgreSqlPartitioning partitioning, int expected)
    {
        await using var backend = Backend(o => o.Partitioning = partitioning);
        var batch = TestEvents.Small(2, start: new DateTimeOffset(2026, 11, 29, 23, 0, 0, TimeSpan.Zero))
            .Concat(TestEvents.Small(2, start: new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero)))
            .Concat(TestEvents.Small(2, start: new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)))
            .ToArray();

        await backend.SendBatchAsync(batch, CancellationToken.None);
        await backend.SendBatchAsync(batch, CancellationToken.None);

        Assert.That(await CountAsync(), Is.EqualTo(6));
        Assert.That(
            await PostgresServer.ScalarAsync<long>(Server, $"SELECT count(*) FROM pg_inherits WHERE inhparent = '\"{Table}\"'::regclass"),
            Is.EqualTo(expected));
        Assert.That(
            await PostgresServer.ScalarAsync<long>(Server, $"SELECT count(*) FROM ONLY \"{Table}_y2026m12{(partitioning == PostgreSqlPartitioning.Daily ? "d01" : string.Empty)}\""),
            Is.EqualTo(2));
    }

    [Test]
    public async Task TwoBackendsCreatingTheSameTableAtOnceBothSucceed()
    {
        var backends = Enumerable.Range(0, 4).Select(_ => Backend(o => o.Partitioning = PostgreSqlPartitioning.Monthly)).ToArray();
        try
        {
            await Task.WhenAll(backends.Select(b => b.SendBatchAsync(TestEvents.Small(10), CancellationToken.None).AsTask()));
        }
        finally
        {
            foreach (var backend in backends)
            {
                await backend.DisposeAsync();
            }
        }

        Assert.That(await CountAsync(), Is.EqualTo(40));
    }

    [Test]
    public async Task ANulCharacterIsStoredAsAReplacementCharacterInsteadOfFailingTheBatch()
    {
        await using var backend = Backend();
        var evt = new TrackingEvent(
            Guid.CreateVersion7(), "bad\0name", TestEvents.Start, new Dictionary<string, object?> { ["k"] = "a\0b" },
            new Dictionary<string, object?> { ["text"] = "x\0y", ["path"] = "C:\\u0000" });

        await backend.SendBatchAsync([evt], CancellationToken.None);

        Assert.That(await PostgresServer.ScalarAsync<string>(Server, $"SELECT name FROM \"{Table}\""), Is.EqualTo("bad\uFFFDname"));
        Assert.That(await PostgresServer.ScalarAsync<string>(Server, $"SELECT data->>'text' FROM \"{Table}\""), Is.EqualTo("x\uFFFDy"));
        Assert.That(await PostgresServer.ScalarAsync<string>(Server, $"SELECT data->>'path' FROM \"{Table}\""), Is.EqualTo("C:\\u0000"));
        Assert.That(await PostgresServer.ScalarAsync<string>(Server, $"SELECT context->>'k' FROM \"{Table}\""), Is.EqualTo("a\uFFFDb"));
    }

    [Test]
    public async Task TheProbeReportsAReachableServer()
    {
        await using var backend = Backend();

        var result = await backend.ProbeAsync(CancellationToken.None);

        Assert.That(result.IsReachable, Is.True);
    }

    [Test]
    public async Task TheProbeAndASendReportAServerThatIsNotListening()
    {
        var port = FreePort();
        await using var backend = new PostgreSqlBackend(new PostgreSqlBackendOptions
        {
            ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Timeout=2",
        });

        var result = await backend.ProbeAsync(CancellationToken.None);

        Assert.That(result.IsReachable, Is.False);
        Assert.That(result.Description, Does.StartWith("PostgreSQL did not answer"));
        Assert.ThrowsAsync(Is.InstanceOf<NpgsqlException>(), async () => await backend.SendBatchAsync(TestEvents.Small(1), CancellationToken.None));
    }

    [Test]
    public async Task ASendAfterDisposeThrows()
    {
        var backend = Backend();
        await backend.DisposeAsync();

        Assert.ThrowsAsync<ObjectDisposedException>(async () => await backend.SendBatchAsync(TestEvents.Small(1), CancellationToken.None));
    }

    private PostgreSqlBackend Backend(Action<PostgreSqlBackendOptions>? configure = null)
    {
        var options = new PostgreSqlBackendOptions { ConnectionString = Server, Table = Table };
        configure?.Invoke(options);
        return new PostgreSqlBackend(options);
    }

    private Task<long> CountAsync() => PostgresServer.ScalarAsync<long>(Server, $"SELECT count(*) FROM \"{Table}\"");

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
