using StackExchange.Redis;

namespace EventTracking.Tests;

/// <summary>
/// A batch that failed MaxDeliveries times is searched in halves: only the entries the stores refuse on their own are
/// dead-lettered, and the search gives up after a bounded number of attempts when the stores refuse everything.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class RedisStreamPoisonTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private string _server = null!;
    private string _stream = null!;
    private ConnectionMultiplexer _redis = null!;
    private RedisStreamConsumer? _consumer;

    [SetUp]
    public async Task Connect()
    {
        _server = RedisServer.Require();
        _stream = RedisServer.NewStream();
        _redis = await RedisServer.ConnectAsync(_server);
    }

    [TearDown]
    public async Task StopAndDelete()
    {
        if (_consumer is not null)
        {
            await _consumer.StopAsync(CancellationToken.None);
            _consumer.Dispose();
        }

        if (_redis is not null)
        {
            await _redis.GetDatabase().KeyDeleteAsync([_stream, _stream + ":dead"]);
            await _redis.DisposeAsync();
        }
    }

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
        await new RedisStreamBackend(_redis, _stream).SendBatchAsync(events, CancellationToken.None);
        _consumer = await StartAsync(store, maxDeliveries: 2, batchSize: 200);

        await store.WaitForAsync(198, Timeout);
        var dead = await RedisServer.WaitForStreamAsync(_redis, _stream + ":dead", 2, Timeout);
        await _consumer.StopAsync(CancellationToken.None);

        Assert.That(store.Events.Select(e => e.Id), Is.EquivalentTo(events.Where(e => e.Name != "poison").Select(e => e.Id)));
        Assert.That((await _redis.GetDatabase().StreamRangeAsync(_stream + ":dead")).Select(e => (string?)e[RedisStreamFields.Id]), Is.EquivalentTo(new[] { events[37].Id.ToString(), events[150].Id.ToString() }));
        Assert.That(dead.Select(e => (string?)e[RedisStreamFields.Error]), Is.All.Contains("violates check constraint"));
        Assert.That(_consumer.DeadLettered, Is.EqualTo(2));
        Assert.That(_consumer.Consumed, Is.EqualTo(198));
        Assert.That((await _redis.GetDatabase().StreamPendingAsync(_stream, "eventtracking")).PendingMessageCount, Is.Zero);
    }

    [Test]
    public async Task WhenTheStoresRefuseEverythingTheSearchStopsAfterABoundedNumberOfAttemptsAndDeadLettersTheBatch()
    {
        var store = new CollectingStore { Fail = _ => new InvalidOperationException("store down") };
        await new RedisStreamBackend(_redis, _stream).SendBatchAsync(TestEvents.Small(1000), CancellationToken.None);
        _consumer = await StartAsync(store, maxDeliveries: 2, batchSize: 1000);

        await RedisServer.WaitForStreamAsync(_redis, _stream + ":dead", 1000, Timeout);
        await _consumer.StopAsync(CancellationToken.None);

        // Two attempts of the batch, then at most 32 failed attempts of halves (each split tries two: one may overshoot).
        Assert.That(store.Failures, Is.InRange(4, 2 + 32 + 1));
        Assert.That(_consumer.DeadLettered, Is.EqualTo(1000));
        Assert.That(store.Count, Is.Zero);
        Assert.That((await _redis.GetDatabase().StreamPendingAsync(_stream, "eventtracking")).PendingMessageCount, Is.Zero);
    }

    private async Task<RedisStreamConsumer> StartAsync(CollectingStore store, int maxDeliveries, int batchSize)
    {
        var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["store"] = store });
        var consumer = new RedisStreamConsumer(
            new RedisStreamConsumerOptions
            {
                ConnectionString = _server,
                Stream = _stream,
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
