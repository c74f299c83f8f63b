using StackExchange.Redis;

namespace EventTracking.Tests;

/// <summary>
/// A test against a real Redis server on a stream of its own: connects before each test, and after it stops the
/// consumers the test started (<see cref="Track"/>), deletes the stream and its dead-letter stream and disconnects.
/// </summary>
public abstract class RedisStreamTest
{
    private readonly List<RedisStreamConsumer> _consumers = [];

    /// <summary>The Redis server's connection string.</summary>
    private protected string ServerAddress { get; private set; } = null!;

    /// <summary>This test's stream key.</summary>
    private protected string StreamKey { get; private set; } = null!;

    /// <summary>The test's own connection to the server.</summary>
    private protected ConnectionMultiplexer Connection { get; private set; } = null!;

    [SetUp]
    public async Task Connect()
    {
        ServerAddress = RedisServer.Require();
        StreamKey = RedisServer.NewStream();
        Connection = await RedisServer.ConnectAsync(ServerAddress);
    }

    [TearDown]
    public async Task StopAndDelete()
    {
        await StopConsumersAsync();
        if (Connection is not null)
        {
            await Connection.GetDatabase().KeyDeleteAsync([StreamKey, StreamKey + ":dead"]);
            await Connection.DisposeAsync();
        }
    }

    /// <summary>Stops and disposes the consumers the test started, now rather than after the test.</summary>
    private protected async Task StopConsumersAsync()
    {
        foreach (var consumer in _consumers)
        {
            await consumer.StopAsync(CancellationToken.None);
            consumer.Dispose();
        }

        _consumers.Clear();
    }

    /// <summary>Has <paramref name="consumer"/> stopped and disposed after the test; returns it.</summary>
    private protected RedisStreamConsumer Track(RedisStreamConsumer consumer)
    {
        _consumers.Add(consumer);
        return consumer;
    }
}
