using System.Diagnostics.Metrics;
using StackExchange.Redis;

namespace EventTracking.Tests;

[TestFixture]
[Category("Integration")]
public sealed class RedisStreamConsumerTests : RedisStreamTest
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);


    [Test]
    public async Task EventsAppendedByTheBackendAreDeliveredAndAcknowledged()
    {
        var store = new CollectingStore();
        var consumer = await StartAsync(store);
        var batch = TestEvents.Small(1200);
        await using (var backend = new RedisStreamBackend(Connection, StreamKey))
        {
            await backend.SendBatchAsync(batch, CancellationToken.None);
        }

        await store.WaitForAsync(1200, Timeout);

        Assert.That(store.Events.Select(e => e.Id), Is.EquivalentTo(batch.Select(e => e.Id)));
        var stored = store.Events.Single(e => e.Id == batch[7].Id);
        Assert.That(stored.Data["n"], Is.EqualTo(7L));
        Assert.That(stored.Context["user_id"], Is.EqualTo(10938L));
        await consumer.StopAsync(CancellationToken.None);
        Assert.That((await Connection.GetDatabase().StreamPendingAsync(StreamKey, "eventtracking")).PendingMessageCount, Is.Zero);
        Assert.That(consumer.Consumed, Is.EqualTo(1200));
    }

    [Test]
    public async Task EntriesStayPendingWhileTheStoresRefuseThemAndAreAcknowledgedOnceStored()
    {
        var store = new CollectingStore { Fail = _ => new InvalidOperationException("store down") };
        var consumer = await StartAsync(store);
        await new RedisStreamBackend(Connection, StreamKey).SendBatchAsync(TestEvents.Small(10), CancellationToken.None);

        await store.FirstFailure.Task.WaitAsync(Timeout);
        var pendingWhileFailing = (await Connection.GetDatabase().StreamPendingAsync(StreamKey, "eventtracking")).PendingMessageCount;
        store.Fail = _ => null;
        await store.WaitForAsync(10, Timeout);
        await consumer.StopAsync(CancellationToken.None);

        Assert.That(pendingWhileFailing, Is.EqualTo(10));
        Assert.That((await Connection.GetDatabase().StreamPendingAsync(StreamKey, "eventtracking")).PendingMessageCount, Is.Zero);
        Assert.That(consumer.DeadLettered, Is.Zero);
    }

    [Test]
    public async Task AnEntryThatFailsMaxDeliveriesTimesGoesToTheDeadLetterStreamAndIsCounted()
    {
        using var meter = new DeadLetterCounter(StreamKey);
        var store = new CollectingStore { Fail = _ => new InvalidOperationException("always refused") };
        var consumer = await StartAsync(store, o => o.MaxDeliveries = 3);
        await new RedisStreamBackend(Connection, StreamKey).SendBatchAsync(TestEvents.Small(4), CancellationToken.None);

        var dead = await RedisServer.WaitForStreamAsync(Connection, StreamKey + ":dead", 4, Timeout);

        // Three attempts as a batch, then the search in halves: two halves, then four single entries.
        Assert.That(store.Failures, Is.EqualTo(3 + 2 + 4));
        Assert.That(dead.Select(e => (string?)e[RedisStreamFields.Reason]), Is.All.EqualTo("max_deliveries"));
        Assert.That((string?)dead[0][RedisStreamFields.Error], Does.Contain("always refused"));
        Assert.That((string?)dead[0][RedisStreamFields.Consumer], Is.EqualTo("c1"));
        Assert.That(EventJson.Parse((string)dead[0][RedisStreamFields.Event]!).Data["n"], Is.EqualTo(0L));
        Assert.That(meter.Count("max_deliveries"), Is.EqualTo(4));
        await consumer.StopAsync(CancellationToken.None);
        Assert.That((await Connection.GetDatabase().StreamPendingAsync(StreamKey, "eventtracking")).PendingMessageCount, Is.Zero);
    }

    [Test]
    public async Task AnEntryWithoutAValidEventIsDeadLetteredAndItsNeighboursAreDelivered()
    {
        var store = new CollectingStore();
        var database = Connection.GetDatabase();
        await database.StreamAddAsync(StreamKey, [new NameValueEntry("event", "{not json")]);
        await database.StreamAddAsync(StreamKey, [new NameValueEntry("something", "else")]);
        await new RedisStreamBackend(Connection, StreamKey).SendBatchAsync(TestEvents.Small(3), CancellationToken.None);
        await StartAsync(store);

        var dead = await RedisServer.WaitForStreamAsync(Connection, StreamKey + ":dead", 2, Timeout);
        await store.WaitForAsync(3, Timeout);

        Assert.That(dead.Select(e => (string?)e[RedisStreamFields.Reason]), Is.All.EqualTo("invalid"));
        Assert.That((string?)dead[1][RedisStreamFields.Error], Does.Contain("no 'event' field"));
    }

    [Test]
    public async Task EntriesADeadConsumerHeldAreClaimedAndDeliveredByAnother()
    {
        var database = Connection.GetDatabase();
        await database.StreamCreateConsumerGroupAsync(StreamKey, "eventtracking", "0", createStream: true);
        var batch = TestEvents.Small(25);
        await new RedisStreamBackend(Connection, StreamKey).SendBatchAsync(batch, CancellationToken.None);
        var taken = await database.StreamReadGroupAsync(StreamKey, "eventtracking", "dead-consumer", ">", 100);
        Assert.That(taken, Has.Length.EqualTo(25));

        var store = new CollectingStore();
        var survivor = await StartAsync(store, o => o.ClaimIdleTime = TimeSpan.FromMilliseconds(200));
        await store.WaitForAsync(25, Timeout);
        await survivor.StopAsync(CancellationToken.None);

        Assert.That(survivor.Claimed, Is.EqualTo(25));
        var consumers = await database.StreamConsumerInfoAsync(StreamKey, "eventtracking");
        Assert.That(consumers.Single(c => c.Name == "dead-consumer").PendingMessageCount, Is.Zero);
    }

    [Test]
    public async Task AStreamDeletedUnderARunningConsumerIsCreatedAgainWithItsGroup()
    {
        var store = new CollectingStore();
        var consumer = await StartAsync(store, o => o.MetricsInterval = TimeSpan.FromMilliseconds(1));
        await new RedisStreamBackend(Connection, StreamKey).SendBatchAsync(TestEvents.Small(3), CancellationToken.None);
        await store.WaitForAsync(3, Timeout);

        await Connection.GetDatabase().KeyDeleteAsync(StreamKey);

        // The consumer must notice and create the stream and its group again; Redis is the only witness, so poll it.
        using (var deadline = new CancellationTokenSource(Timeout))
        {
            while (!await Connection.GetDatabase().KeyExistsAsync(StreamKey)
                   || !(await Connection.GetDatabase().StreamGroupInfoAsync(StreamKey)).Any(g => g.Name == "eventtracking"))
            {
                await Task.Delay(10, deadline.Token);
            }
        }

        var later = TestEvents.Small(4);
        await new RedisStreamBackend(Connection, StreamKey).SendBatchAsync(later, CancellationToken.None);
        await store.WaitForAsync(7, Timeout);
        Assert.That(store.Events.Select(e => e.Id), Is.SupersetOf(later.Select(e => e.Id)));
        Assert.That(consumer.ExecuteTask!.IsCompleted, Is.False);
    }

    [Test]
    public async Task PendingEntriesTrimmedFromTheStreamAreAcknowledgedAndNotDeadLettered()
    {
        var database = Connection.GetDatabase();
        await database.StreamCreateConsumerGroupAsync(StreamKey, "eventtracking", "0", createStream: true);
        await new RedisStreamBackend(Connection, StreamKey).SendBatchAsync(TestEvents.Small(5), CancellationToken.None);
        var taken = await database.StreamReadGroupAsync(StreamKey, "eventtracking", "c1", ">", 100);
        await database.StreamDeleteAsync(StreamKey, [taken[0].Id, taken[1].Id]);
        var store = new CollectingStore();

        await StartAsync(store); // Same name: it re-reads its own pending entries first.
        await store.WaitForAsync(3, Timeout);
        using (var deadline = new CancellationTokenSource(Timeout))
        {
            while ((await database.StreamPendingAsync(StreamKey, "eventtracking")).PendingMessageCount > 0)
            {
                await Task.Delay(10, deadline.Token);
            }
        }

        Assert.That(await database.KeyExistsAsync(StreamKey + ":dead"), Is.False);
        Assert.That(store.Count, Is.EqualTo(3));
    }

    [Test]
    public async Task StoppingFinishesTheBatchInHandAndAcknowledgesIt()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var store = new CollectingStore { Gate = () => release.Task };
        var consumer = await StartAsync(store);
        await new RedisStreamBackend(Connection, StreamKey).SendBatchAsync(TestEvents.Small(5), CancellationToken.None);
        await store.FirstBatch.Task.WaitAsync(Timeout);

        var stopping = consumer.StopAsync(CancellationToken.None);
        Assert.That(stopping.IsCompleted, Is.False);
        release.SetResult();
        await stopping.WaitAsync(Timeout);

        Assert.That(store.Count, Is.EqualTo(5));
        Assert.That(consumer.ExecuteTask!.IsCompleted, Is.True);
        Assert.That((await Connection.GetDatabase().StreamPendingAsync(StreamKey, "eventtracking")).PendingMessageCount, Is.Zero);
    }

    [Test]
    public async Task TheGaugesReportLagAndPendingOfTheGroup()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var store = new CollectingStore { Gate = () => release.Task };
        await new RedisStreamBackend(Connection, StreamKey).SendBatchAsync(TestEvents.Small(30), CancellationToken.None);
        var consumer = await StartAsync(store, o => (o.BatchSize, o.MetricsInterval) = (10, TimeSpan.FromMilliseconds(1)));
        await store.FirstBatch.Task.WaitAsync(Timeout);
        release.SetResult();
        await store.WaitForAsync(30, Timeout);

        var seen = new List<(string Name, long Value)>();
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "EventTracking" && instrument.Name is "eventtracking.redis.lag" or "eventtracking.redis.pending")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "eventtracking.redis.stream" && (string?)tag.Value == StreamKey)
                    {
                        seen.Add((instrument.Name, value));
                    }
                }
            });
            listener.Start();
            listener.RecordObservableInstruments();
        }

        Assert.That(seen.Select(s => s.Name), Is.SupersetOf(new[] { "eventtracking.redis.lag", "eventtracking.redis.pending" }));
        Assert.That(consumer.LastLag, Is.Not.Null);
    }

    private async Task<RedisStreamConsumer> StartAsync(CollectingStore store, Action<RedisStreamConsumerOptions>? configure = null)
    {
        var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["store"] = store });
        var options = new RedisStreamConsumerOptions
        {
            ConnectionString = ServerAddress,
            Stream = StreamKey,
            Consumer = "c1",
            PollInterval = TimeSpan.FromMilliseconds(10),
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            ClaimInterval = TimeSpan.FromMilliseconds(50),
        };
        configure?.Invoke(options);
        var consumer = new RedisStreamConsumer(options, tracker);
        Track(consumer);
        await consumer.StartAsync(CancellationToken.None);
        return consumer;
    }

    private sealed class DeadLetterCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, long> _counts = [];

        public DeadLetterCounter(string stream)
        {
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "EventTracking" && instrument.Name == "eventtracking.redis.dead_lettered")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                string? reason = null;
                var ours = false;
                foreach (var tag in tags)
                {
                    ours |= tag.Key == "eventtracking.redis.stream" && (string?)tag.Value == stream;
                    reason = tag.Key == "eventtracking.drop.reason" ? (string?)tag.Value : reason;
                }

                if (ours && reason is not null)
                {
                    lock (_counts)
                    {
                        _counts[reason] = _counts.GetValueOrDefault(reason) + value;
                    }
                }
            });
            _listener.Start();
        }

        public long Count(string reason)
        {
            lock (_counts)
            {
                return _counts.GetValueOrDefault(reason);
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
