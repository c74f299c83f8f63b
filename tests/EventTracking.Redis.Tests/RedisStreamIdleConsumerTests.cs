using StackExchange.Redis;

namespace EventTracking.Tests;

/// <summary>Names of consumers that went away are removed from the group, unless they still hold pending entries.</summary>
[TestFixture]
[Category("Integration")]
public sealed class RedisStreamIdleConsumerTests
{
    [Test]
    public async Task AnIdleConsumerWithoutPendingEntriesIsRemovedAndOneHoldingEntriesIsKept()
    {
        var server = RedisServer.Require();
        var stream = RedisServer.NewStream();
        await using var redis = await RedisServer.ConnectAsync(server);
        var database = redis.GetDatabase();
        try
        {
            await database.StreamCreateConsumerGroupAsync(stream, "eventtracking", "0", createStream: true);
            await new RedisStreamBackend(redis, stream).SendBatchAsync(TestEvents.Small(1), CancellationToken.None);
            await database.StreamReadGroupAsync(stream, "eventtracking", "holder", ">", 1);   // holds the entry, never acknowledges
            await database.StreamReadGroupAsync(stream, "eventtracking", "gone", ">", 1);     // reads nothing, then goes away
            var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["store"] = new CollectingStore() });
            using var consumer = new RedisStreamConsumer(
                new RedisStreamConsumerOptions
                {
                    ConnectionString = server,
                    Stream = stream,
                    Consumer = "live",
                    PollInterval = TimeSpan.FromMilliseconds(10),
                    ClaimInterval = TimeSpan.FromMilliseconds(10),
                    ClaimIdleTime = TimeSpan.FromDays(1),
                    RemoveIdleConsumersAfter = TimeSpan.FromMilliseconds(50),
                },
                tracker);
            await consumer.StartAsync(CancellationToken.None);

            // The consumer removes names in the background; the group's own list is the only signal.
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            string[] names;
            while ((names = await NamesAsync(database, stream)).Contains("gone"))
            {
                await Task.Delay(20, deadline.Token);
            }

            await consumer.StopAsync(CancellationToken.None);

            Assert.That(names, Does.Contain("holder").And.Not.Contain("gone"));
            Assert.That((await database.StreamPendingAsync(stream, "eventtracking")).PendingMessageCount, Is.EqualTo(1));
        }
        finally
        {
            await database.KeyDeleteAsync(stream);
        }
    }

    [Test]
    public void ANonPositiveRemovalTimeIsRefusedByName()
    {
        var ex = Assert.Throws<ArgumentException>(() => new RedisStreamConsumer(
            new RedisStreamConsumerOptions { ConnectionString = "localhost", RemoveIdleConsumersAfter = TimeSpan.Zero },
            new Tracker(new Dictionary<string, IEventBackend>())));

        Assert.That(ex!.ParamName, Is.EqualTo("RemoveIdleConsumersAfter"));
    }

    private static async Task<string[]> NamesAsync(IDatabase database, string stream) =>
        (await database.StreamConsumerInfoAsync(stream, "eventtracking")).Select(c => c.Name).ToArray();
}
