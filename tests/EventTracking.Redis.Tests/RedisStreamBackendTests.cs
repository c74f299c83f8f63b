using StackExchange.Redis;

namespace EventTracking.Tests;

[TestFixture]
[Category("Integration")]
public sealed class RedisStreamBackendTests : RedisStreamTest
{

    [Test]
    public async Task ABatchIsAppendedInOrderWithTheIdAndTheCanonicalJson()
    {
        await using var backend = new RedisStreamBackend(new RedisStreamBackendOptions { ConnectionString = ServerAddress, Stream = StreamKey });
        var batch = TestEvents.Small(20);

        await backend.SendBatchAsync(batch, CancellationToken.None);

        var entries = await Connection.GetDatabase().StreamRangeAsync(StreamKey);
        Assert.That(entries.Select(e => (string?)e[RedisStreamFields.Id]), Is.EqualTo(batch.Select(e => e.Id.ToString())));
        Assert.That(entries.Select(e => (string?)e[RedisStreamFields.Event]), Is.EqualTo(batch.Select(EventJson.Serialize)));
        Assert.That(EventJson.Parse((string)entries[3][RedisStreamFields.Event]!).Data["n"], Is.EqualTo(3L));
    }

    [Test]
    public async Task SendAppendsOneEntry()
    {
        using var backend = new RedisStreamBackend(new RedisStreamBackendOptions { ConnectionString = ServerAddress, Stream = StreamKey });
        var evt = TestEvents.Small(1)[0];

        backend.Send(evt);

        Assert.That(await Connection.GetDatabase().StreamLengthAsync(StreamKey), Is.EqualTo(1));
    }

    [Test]
    public async Task MaxLengthCapsTheStreamApproximately()
    {
        await using var backend = new RedisStreamBackend(new RedisStreamBackendOptions { ConnectionString = ServerAddress, Stream = StreamKey, MaxLength = 100 });

        for (var i = 0; i < 10; i++)
        {
            await backend.SendBatchAsync(TestEvents.Small(500), CancellationToken.None);
        }

        var length = await Connection.GetDatabase().StreamLengthAsync(StreamKey);
        Assert.That(length, Is.GreaterThanOrEqualTo(100).And.LessThan(1000));
    }

    [Test]
    public async Task ABackendOverASharedConnectionDoesNotCloseIt()
    {
        var backend = new RedisStreamBackend(Connection, StreamKey);
        await backend.SendBatchAsync(TestEvents.Small(2), CancellationToken.None);
        await backend.DisposeAsync();

        Assert.That(Connection.IsConnected, Is.True);
        Assert.That(await Connection.GetDatabase().StreamLengthAsync(StreamKey), Is.EqualTo(2));
    }

    [Test]
    public async Task TheProbeReportsAReachableServerAndOneThatIsNotListening()
    {
        await using var up = new RedisStreamBackend(new RedisStreamBackendOptions { ConnectionString = ServerAddress, Stream = StreamKey });
        await using var down = new RedisStreamBackend(new RedisStreamBackendOptions
        {
            ConnectionString = $"127.0.0.1:{FreePort.Next()},connectTimeout=300,asyncTimeout=300",
            Stream = StreamKey,
        });

        Assert.That((await up.ProbeAsync(CancellationToken.None)).IsReachable, Is.True);
        var result = await down.ProbeAsync(CancellationToken.None);
        Assert.That(result.IsReachable, Is.False);
        Assert.That(result.Description, Does.StartWith("Redis did not answer"));
    }

    [TestCase("", "ConnectionString")]
    public void AnEmptyConnectionStringIsRefusedByName(string connectionString, string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => new RedisStreamBackend(new RedisStreamBackendOptions { ConnectionString = connectionString }));
        Assert.That(ex!.ParamName, Is.EqualTo(name));
    }

    [Test]
    public void ANonPositiveMaxLengthIsRefusedByName()
    {
        var ex = Assert.Throws<ArgumentException>(() => new RedisStreamBackend(new RedisStreamBackendOptions { ConnectionString = "localhost", MaxLength = 0 }));
        Assert.That(ex!.ParamName, Is.EqualTo("MaxLength"));
    }

    [Test]
    public void ARedisUriIsAccepted()
    {
        var options = RedisConnections.Parse("redis://user:p%40ss@cache.example:6380/2", "X");

        Assert.That(options.EndPoints.Single().ToString(), Does.Contain("cache.example").And.Contain("6380"));
        Assert.That(options.User, Is.EqualTo("user"));
        Assert.That(options.Password, Is.EqualTo("p@ss"));
        Assert.That(options.DefaultDatabase, Is.EqualTo(2));
    }

    [Test]
    public void ARedisUriWithANamedDatabaseIsRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => RedisConnections.Parse("redis://cache/abc", "RedisStreamBackendOptions.ConnectionString"));
        Assert.That(ex!.Message, Does.Contain("RedisStreamBackendOptions.ConnectionString"));
    }
}
