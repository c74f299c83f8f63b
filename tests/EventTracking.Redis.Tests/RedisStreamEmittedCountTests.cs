using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace EventTracking.Tests;

/// <summary>
/// An entry is counted on <c>eventtracking.events.emitted</c> once in the group: retries after a failed delivery do not
/// count it again, and entries given out before (claimed, or re-read) are counted on <c>eventtracking.redis.redelivered</c>.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class RedisStreamEmittedCountTests : RedisStreamTest
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private ServiceProvider _metrics = null!;

    [SetUp]
    public void CreateMeters() => _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();

    // Before the base class's tear-down, so the consumer stops before its meters go.
    [TearDown]
    public async Task StopThenDisposeMeters()
    {
        await StopConsumersAsync();
        _metrics?.Dispose();
    }

    [Test]
    public async Task AnEntryRetriedAfterFailedDeliveriesIsCountedEmittedOnce()
    {
        var factory = _metrics.GetRequiredService<IMeterFactory>();
        using var counts = new ScopedCounts(factory);
        var attempts = 0;
        var store = new CollectingStore { Fail = _ => Interlocked.Increment(ref attempts) <= 2 ? new InvalidOperationException("store down") : null };
        await StartAsync(factory, store);
        await new RedisStreamBackend(Connection, StreamKey).SendBatchAsync(TestEvents.Small(10), CancellationToken.None);

        await store.WaitForAsync(10, Timeout);

        Assert.That(counts.Sum("eventtracking.redis.delivery_failures"), Is.EqualTo(2), "two failed attempts before the third stored the batch");
        Assert.That(counts.Sum("eventtracking.events.emitted"), Is.EqualTo(10), "each entry counted once, not once per attempt");
    }

    [Test]
    public async Task EntriesClaimedFromADeadConsumerAreCountedRedeliveredNotEmitted()
    {
        var factory = _metrics.GetRequiredService<IMeterFactory>();
        using var counts = new ScopedCounts(factory);
        var database = Connection.GetDatabase();
        await database.StreamCreateConsumerGroupAsync(StreamKey, "eventtracking", "0", createStream: true);
        await new RedisStreamBackend(Connection, StreamKey).SendBatchAsync(TestEvents.Small(6), CancellationToken.None);
        Assert.That(await database.StreamReadGroupAsync(StreamKey, "eventtracking", "dead-consumer", ">", 100), Has.Length.EqualTo(6));
        await new RedisStreamBackend(Connection, StreamKey).SendBatchAsync(TestEvents.Small(4), CancellationToken.None);
        var store = new CollectingStore();

        await StartAsync(factory, store, o => o.ClaimIdleTime = TimeSpan.FromMilliseconds(100));
        await store.WaitForAsync(10, Timeout);

        Assert.That(counts.Sum("eventtracking.events.emitted"), Is.EqualTo(4), "only the entries read for the first time");
        Assert.That(counts.Sum("eventtracking.redis.redelivered"), Is.EqualTo(6));
        Assert.That(counts.Streams("eventtracking.redis.redelivered"), Is.EqualTo(new[] { StreamKey }));
    }

    private async Task StartAsync(IMeterFactory factory, CollectingStore store, Action<RedisStreamConsumerOptions>? configure = null)
    {
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

        // Tracker and consumer on a private meter, so no other test's counts mix in.
        RedisStreamConsumer consumer;
        using (EventTrackingDiagnostics.UseMeterFactory(factory))
        {
            var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["store"] = store });
            consumer = Track(new RedisStreamConsumer(options, tracker));
        }

        await consumer.StartAsync(CancellationToken.None);
    }

    // The long counters of the EventTracking meter that one factory made; the library's own meter is not listened to.
    private sealed class ScopedCounts : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<(string Name, long Value, object? Stream)> _measurements = [];

        public ScopedCounts(IMeterFactory factory)
        {
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Meter.Name == EventTrackingDiagnostics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                object? stream = null;
                foreach (var tag in tags)
                {
                    stream = tag.Key == "eventtracking.redis.stream" ? tag.Value : stream;
                }

                lock (_measurements)
                {
                    _measurements.Add((instrument.Name, value, stream));
                }
            });
            _listener.Start();
        }

        public long Sum(string name)
        {
            lock (_measurements)
            {
                return _measurements.Where(m => m.Name == name).Sum(m => m.Value);
            }
        }

        public object?[] Streams(string name)
        {
            lock (_measurements)
            {
                return _measurements.Where(m => m.Name == name).Select(m => m.Stream).Distinct().ToArray();
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
