using StackExchange.Redis;

namespace EventTracking.Tests;

/// <summary>
/// A batch that failed MaxDeliveries times is searched in halves: only the entries the stores refuse on their own are
/// dead-lettered, and the search gives up after a bounded number of attempts when the stores refuse everything.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class RedisStreamPoisonTests : RedisStreamTest
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);


    [Test]
    public async Task TwoEventsTheStoreRefusesAreDeadLetteredAloneAndTheRestOfTheirBatchIsStored()
    {
        var store = new CollectingStore
        {
            Fail = batch => batch.Any(e => e.Name == "poison") ? new InvalidOperationException("violates check constraint") : null,
        };
        var events = TestEvents.Small(200);
        events[37] = TestEvents.Small(1, name: "poison")[0];
        events[150] = TestEvents.Small(1, name: "poison")[0];
        await new RedisStreamBackend(Connection, StreamKey).SendBatchAsync(events, CancellationToken.None);
        var consumer = Track(await StartAsync(store, maxDeliveries: 2, batchSize: 200));

        await store.WaitForAsync(198, Timeout);
        var dead = await RedisServer.WaitForStreamAsync(Connection, StreamKey + ":dead", 2, Timeout);
        await consumer.StopAsync(CancellationToken.None);

        Assert.That(store.Events.Select(e => e.Id), Is.EquivalentTo(events.Where(e => e.Name != "poison").Select(e => e.Id)));
        Assert.That((await Connection.GetDatabase().StreamRangeAsync(StreamKey + ":dead")).Select(e => (string?)e[RedisStreamFields.Id]), Is.EquivalentTo(new[] { events[37].Id.ToString(), events[150].Id.ToString() }));
        Assert.That(dead.Select(e => (string?)e[RedisStreamFields.Error]), Is.All.Contains("violates check constraint"));
        Assert.That(consumer.DeadLettered, Is.EqualTo(2));
        Assert.That(consumer.Consumed, Is.EqualTo(198));
        Assert.That((await Connection.GetDatabase().StreamPendingAsync(StreamKey, "eventtracking")).PendingMessageCount, Is.Zero);
    }

    [Test]
    public async Task WhenTheStoresRefuseEverythingTheSearchStopsAfterABoundedNumberOfAttemptsAndDeadLettersTheBatch()
    {
        var store = new CollectingStore { Fail = _ => new InvalidOperationException("store down") };
        await new RedisStreamBackend(Connection, StreamKey).SendBatchAsync(TestEvents.Small(1000), CancellationToken.None);
        var consumer = Track(await StartAsync(store, maxDeliveries: 2, batchSize: 1000));

        await RedisServer.WaitForStreamAsync(Connection, StreamKey + ":dead", 1000, Timeout);
        await consumer.StopAsync(CancellationToken.None);

        // Two attempts of the batch, then at most 32 failed attempts of halves (each split tries two: one may overshoot).
        Assert.That(store.Failures, Is.InRange(4, 2 + 32 + 1));
        Assert.That(consumer.DeadLettered, Is.EqualTo(1000));
        Assert.That(store.Count, Is.Zero);
        Assert.That((await Connection.GetDatabase().StreamPendingAsync(StreamKey, "eventtracking")).PendingMessageCount, Is.Zero);
    }

    private async Task<RedisStreamConsumer> StartAsync(CollectingStore store, int maxDeliveries, int batchSize)
    {
        var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["store"] = store });
        var consumer = new RedisStreamConsumer(
            new RedisStreamConsumerOptions
            {
                ConnectionString = ServerAddress,
                Stream = StreamKey,
                Consumer = "c1",
                BatchSize = batchSize,
                MaxDeliveries = maxDeliveries,
                PollInterval = TimeSpan.FromMilliseconds(10),
                RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            },
            tracker);
        await consumer.StartAsync(CancellationToken.None);
        return consumer;
    }
}
