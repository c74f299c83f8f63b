namespace EventTracking.Tests;

/// <summary>
/// The simple read the SQLite store offers (<c>QueryAsync(new EventQuery { … })</c>) works the same on PostgreSQL, through
/// the reader and through the backend.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class PostgreSqlSimpleQueryTests : PostgresTableTest
{
    [Test]
    public async Task QueryAsyncReturnsTheNewestEventsOfANameInATimeRangeUpToTheLimit()
    {
        await using var backend = new PostgreSqlBackend(new PostgreSqlBackendOptions { ConnectionString = Server, Table = Table });
        var pages = TestEvents.Small(30, "navigation.request");
        var others = TestEvents.Small(5, "problem.check");
        await backend.SendBatchAsync([.. pages, .. others], CancellationToken.None);
        await using var reader = new PostgreSqlEventReader(new PostgreSqlBackendOptions { ConnectionString = Server, Table = Table });
        var query = new EventQuery { Name = "navigation.request", From = pages[5].Timestamp, To = pages[25].Timestamp, Limit = 7 };

        var read = await reader.QueryAsync(query);
        var viaBackend = await backend.QueryAsync(query);

        var expected = pages[5..25].OrderByDescending(e => e.Timestamp).Take(7).Select(e => e.Id).ToArray();
        Assert.That(read.Select(e => e.Id), Is.EqualTo(expected));
        Assert.That(viaBackend.Select(e => e.Id), Is.EqualTo(expected));
        Assert.That(read[0].Data["n"], Is.EqualTo(24L));
        Assert.That(await reader.QueryAsync(new EventQuery { Limit = 1000 }), Has.Count.EqualTo(35));
    }

    [Test]
    public async Task QueryAsyncRefusesALimitThatIsNotPositiveByName()
    {
        await using var reader = new PostgreSqlEventReader(new PostgreSqlBackendOptions { ConnectionString = Server, Table = Table });

        var error = Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => reader.QueryAsync(new EventQuery { Limit = 0 }));

        Assert.That(error!.ParamName, Is.EqualTo("query.Limit"));
    }
}
