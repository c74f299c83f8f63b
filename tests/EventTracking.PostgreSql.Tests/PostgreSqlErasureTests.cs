namespace EventTracking.Tests;

/// <summary>Erasure from a real PostgreSQL server (<c>EVENTTRACKING_POSTGRES_URI</c>).</summary>
public sealed class PostgreSqlErasureTests
{
    private const string Secret = "a-test-secret-of-32-characters!!";

    [Test]
    public async Task OneUsersEventsAmongAHundredThousandAreRemovedNoneOfAnyoneElsesAndTheReportCountsMatch()
    {
        var connectionString = PostgresServer.Require();
        var table = PostgresServer.NewTableName();
        await using var backend = new PostgreSqlBackend(new PostgreSqlBackendOptions { ConnectionString = connectionString, Table = table });
        try
        {
            var hash = KeyedHash.Compute(Secret, "10938");
            var events = Enumerable.Range(0, 100_000).Select(i => new TrackingEvent(
                Guid.CreateVersion7(),
                "page.view",
                DateTimeOffset.UtcNow,
                new { user_id = (i % 1_000) switch { 7 => (object)10938L, 8 => "10938", 9 => hash, var other => 20_000 + other } },
                new { actor = new { id = i % 5_000 == 3 ? "10938" : "someone" } })).ToArray();
            foreach (var chunk in events.Chunk(10_000))
            {
                await backend.SendBatchAsync(chunk, CancellationToken.None);
            }

            var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["pg"] = backend });
            var report = await tracker.EraseUserAsync("10938", new UserErasureOptions { Secrets = [Secret], Fields = { "data.actor.id" } });

            // 3 x 100 events by context.user_id, plus 20 by data.actor.id of which those with i % 1000 in 7..9 are already counted.
            var expected = events.Count(e => Targets(e, hash));
            Assert.That(report.Stores.Single(), Is.EqualTo(new StoreErasureResult("pg", nameof(PostgreSqlBackend), StoreErasureOutcome.Erased, expected)));
            Assert.That(await PostgresServer.ScalarAsync<long>(connectionString, $"SELECT count(*) FROM \"{table}\""), Is.EqualTo(100_000 - expected));
            Assert.That(
                await PostgresServer.ScalarAsync<long>(connectionString, $"SELECT count(*) FROM \"{table}\" WHERE context->>'user_id' IN ('10938', '{hash}') OR data#>>'{{actor,id}}' = '10938'"),
                Is.Zero);
            Assert.That(await backend.EraseUserAsync(new UserErasure("10938")), Is.Zero, "a second erasure finds nothing");
        }
        finally
        {
            await PostgresServer.ExecuteAsync(connectionString, $"DROP TABLE IF EXISTS \"{table}\"");
        }
    }

    [Test]
    public async Task ATableThatDoesNotExistYetErasesNothing()
    {
        var connectionString = PostgresServer.Require();
        await using var backend = new PostgreSqlBackend(new PostgreSqlBackendOptions { ConnectionString = connectionString, Table = PostgresServer.NewTableName() });

        Assert.That(await backend.EraseUserAsync(new UserErasure("ada")), Is.Zero);
    }

    private static bool Targets(TrackingEvent evt, string hash)
    {
        var user = Convert.ToString(evt.Context["user_id"], System.Globalization.CultureInfo.InvariantCulture);
        var actor = ((IReadOnlyDictionary<string, object?>)evt.Data["actor"]!)["id"];
        return user == "10938" || user == hash || Equals(actor, "10938");
    }
}
