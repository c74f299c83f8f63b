namespace EventTracking.Tests;

/// <summary>Redis restarts while producers append and a consumer reads: nothing is lost, the store holds each event once.</summary>
[TestFixture]
[Category("Integration")]
public sealed class RedisRestartTests
{
    [Test]
    public async Task EventsEmittedBeforeDuringAndAfterARedisRestartAreAllStored()
    {
        RedisServer.Require();
        await using var redis = await RedisProcess.StartAsync();
        const string stream = "restart-test";

        var producerNode = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend>
            {
                ["redis"] = new RedisStreamBackend(new RedisStreamBackendOptions { ConnectionString = redis.ConnectionString, Stream = stream }),
            },
            options: new AsyncRoutingOptions { MaxRetries = 1000, RetryBaseDelay = TimeSpan.FromMilliseconds(50), MaxBatchSize = 100 });
        await using var producer = new Tracker(new Dictionary<string, IEventBackend> { ["forward"] = producerNode });

        var store = new CollectingStore();
        await using var consumerTracker = new Tracker(new Dictionary<string, IEventBackend> { ["store"] = store });
        using var consumer = new RedisStreamConsumer(
            new RedisStreamConsumerOptions
            {
                ConnectionString = redis.ConnectionString,
                Stream = stream,
                Consumer = "c1",
                PollInterval = TimeSpan.FromMilliseconds(10),
                RetryBaseDelay = TimeSpan.FromMilliseconds(50),
                ClaimIdleTime = TimeSpan.FromSeconds(1),
                ClaimInterval = TimeSpan.FromMilliseconds(200),
            },
            consumerTracker);
        await consumer.StartAsync(CancellationToken.None);

        var next = 0;
        Emit(600);
        await producer.FlushAsync();
        await store.WaitForAsync(300, TimeSpan.FromSeconds(30)); // The consumer is mid-stream when Redis goes away.
        await redis.StopAsync();
        Emit(400); // Queued and retried by the producer's async node while Redis is down.
        await redis.StartAsync(TimeSpan.FromSeconds(30));
        Emit(500);
        using (var flush = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await producer.FlushAsync(flush.Token);
        }

        await store.WaitForAsync(1500, TimeSpan.FromSeconds(60));
        await consumer.StopAsync(CancellationToken.None);

        Assert.That(producerNode.Undelivered, Is.Zero);
        Assert.That(store.Count, Is.EqualTo(1500));
        Assert.That(store.Events.Select(e => (long)e.Data["n"]!).Distinct().Count(), Is.EqualTo(1500));
        Assert.That(store.Deliveries, Is.GreaterThanOrEqualTo(1500));

        void Emit(int count)
        {
            for (var i = 0; i < count; i++)
            {
                producer.Emit("restart.test", new { n = next++ });
            }
        }
    }
}
