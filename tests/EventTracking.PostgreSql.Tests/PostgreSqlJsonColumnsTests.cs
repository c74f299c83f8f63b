using EventTracking.Reading;

namespace EventTracking.Tests;

/// <summary><see cref="PostgreSqlJsonType.Json"/> tables, and tables whose column type differs from the option.</summary>
[TestFixture]
[Category("Integration")]
public sealed class PostgreSqlJsonColumnsTests : PostgresTableTest
{
    [Test]
    public async Task AJsonTableKeepsTheTextAsWrittenStoresEachIdOnceAndIsReadFilteredAndErased()
    {
        await using var backend = Backend(PostgreSqlJsonType.Json);
        var context = new Dictionary<string, object?> { ["user_id"] = 10938L, ["course_id"] = "cs101" };
        var events = Enumerable.Range(0, 6).Select(i => new TrackingEvent(
            Guid.CreateVersion7(), "problem.check", TestEvents.Start.AddSeconds(i), i < 3 ? context : new Dictionary<string, object?> { ["user_id"] = "ada" },
            new Dictionary<string, object?> { ["zeta"] = (long)i, ["alpha"] = "x" })).ToArray();

        await backend.SendBatchAsync(events[..4], CancellationToken.None);
        await backend.SendBatchAsync(events, CancellationToken.None);   // a replay: the fallback, with a json staging table

        Assert.That(await Scalar<string>($"SELECT data_type FROM information_schema.columns WHERE table_name = '{Table}' AND column_name = 'data'"), Is.EqualTo("json"));
        Assert.That(await Scalar<long>($"SELECT count(*) FROM \"{Table}\""), Is.EqualTo(6));
        Assert.That(await Scalar<string>($"SELECT data::text FROM \"{Table}\" WHERE id = '{events[0].Id}'"), Is.EqualTo("{\"zeta\":0,\"alpha\":\"x\"}"));
        var page = await backend.ReadAsync(new EventReadQuery { Filter = new EventFilter { Context = new Dictionary<string, string> { ["user_id"] = "10938" } } });
        Assert.That(page.Events.Select(e => e.Id), Is.EquivalentTo(events[..3].Select(e => e.Id)));
        Assert.That(page.Events.Single(e => e.Id == events[1].Id).Data["zeta"], Is.EqualTo(1L));
        var users = await backend.CountDistinctUsersAsync(new DistinctUsersQuery());
        Assert.That(users.Single().Users, Is.EqualTo(2));
        Assert.That(await backend.EraseUserAsync(new UserErasure("ada")), Is.EqualTo(3));
    }

    [Test]
    public async Task AnExistingJsonbTableIsWrittenAsJsonbWhateverTheOptionSays()
    {
        await using (var first = Backend(PostgreSqlJsonType.Jsonb))
        {
            await first.SendBatchAsync(TestEvents.Small(2), CancellationToken.None);
        }

        await using var second = Backend(PostgreSqlJsonType.Json);
        var batch = TestEvents.Small(3);
        await second.SendBatchAsync(batch, CancellationToken.None);
        await second.SendBatchAsync(batch, CancellationToken.None);

        Assert.That(await Scalar<string>($"SELECT data_type FROM information_schema.columns WHERE table_name = '{Table}' AND column_name = 'context'"), Is.EqualTo("jsonb"));
        Assert.That(await Scalar<long>($"SELECT count(*) FROM \"{Table}\""), Is.EqualTo(5));
        Assert.That(await Scalar<string>($"SELECT data->>'url' FROM \"{Table}\" WHERE id = '{batch[2].Id}'"), Is.EqualTo("http://www.edx.org/some/path/1"));
    }

    [Test]
    public async Task AnExistingJsonTableIsWrittenAsJsonByADefaultBackend()
    {
        await using (var first = Backend(PostgreSqlJsonType.Json))
        {
            await first.SendBatchAsync(TestEvents.Small(1), CancellationToken.None);
        }

        await using var second = Backend(PostgreSqlJsonType.Jsonb);
        var evt = TestEvents.Small(1)[0];
        second.Send(evt);

        Assert.That(await Scalar<long>($"SELECT count(*) FROM \"{Table}\""), Is.EqualTo(2));
        Assert.That((await second.FindAsync(evt.Id))?.Context["user_id"], Is.EqualTo(10938L));
    }

    [Test]
    public async Task AfterTheColumnsAreAlteredAWriterFailsOneBatchThenWritesTheNewTypesAndTheRetryStoresItOnce()
    {
        await using var backend = Backend(PostgreSqlJsonType.Jsonb);
        await backend.SendBatchAsync(TestEvents.Small(2), CancellationToken.None);
        await PostgresServer.ExecuteAsync(Server, $"ALTER TABLE \"{Table}\" ALTER COLUMN context TYPE json, ALTER COLUMN data TYPE json");
        var batch = TestEvents.Small(3);

        Assert.ThrowsAsync(Is.InstanceOf<Npgsql.NpgsqlException>(), async () => await backend.SendBatchAsync(batch, CancellationToken.None));
        await backend.SendBatchAsync(batch, CancellationToken.None);
        await backend.SendBatchAsync(batch, CancellationToken.None);

        Assert.That(await Scalar<long>($"SELECT count(*) FROM \"{Table}\""), Is.EqualTo(5));
        Assert.That(await Scalar<string>($"SELECT data::text FROM \"{Table}\" WHERE id = '{batch[1].Id}'"), Is.EqualTo("{\"url\":\"http://www.edx.org/some/path/1\",\"n\":1}"));
    }

    [Test]
    public void AnUndefinedJsonTypeIsRejectedByName()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PostgreSqlBackend(new PostgreSqlBackendOptions { ConnectionString = Server, JsonType = (PostgreSqlJsonType)7 }));

        Assert.That(ex!.ParamName, Is.EqualTo("JsonType"));
        Assert.That(ex.Message, Does.Contain("JsonType has no value 7"));
    }

    private PostgreSqlBackend Backend(PostgreSqlJsonType jsonType) =>
        new(new PostgreSqlBackendOptions { ConnectionString = Server, Table = Table, JsonType = jsonType });

    private Task<T> Scalar<T>(string sql) => PostgresServer.ScalarAsync<T>(Server, sql);
}
