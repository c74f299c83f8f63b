using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EventTracking.Tests;

/// <summary>
/// The consumer's instruments live on the meter of the container that <c>AddEventTracking</c> uses, or on the one a
/// consumer built by hand is given (<see cref="RedisStreamConsumer.UseMeterFactory"/>).
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class RedisStreamMeterFactoryTests
{
    private const int Entries = 40;

    [Test]
    public async Task TheConsumerCountsOnTheMeterOfTheContainersMeterFactoryWithItsStreamAndGroupTags()
    {
        var server = RedisServer.Require();
        var stream = RedisServer.NewStream();
        var store = new CollectingStore();
        var services = new ServiceCollection().AddLogging();
        services.AddEventTracking(t => t.AddBackend("store", store));
        services.AddRedisStreamConsumer(o => Configure(o, server, stream));
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IMeterFactory>();
        using var measured = new StreamMeasurements(stream, meter => ReferenceEquals(meter.Scope, factory));
        var consumer = provider.GetServices<IHostedService>().OfType<RedisStreamConsumer>().Single();

        await ConsumeAsync(consumer, server, stream, measured);

        var counted = measured.Of("eventtracking.redis.consumed");
        Assert.That(counted.Sum(m => m.Value), Is.EqualTo(Entries));
        Assert.That(counted.Select(m => m.Tags.GetValueOrDefault("eventtracking.redis.group")), Is.All.EqualTo("metered"));
        Assert.That(measured.Of("eventtracking.redis.pending"), Is.Not.Empty);
    }

    [Test]
    public async Task AConsumerBuiltByHandCountsOnTheMeterFactoryItIsGivenAndNotOnTheLibrarysOwnMeter()
    {
        var server = RedisServer.Require();
        var stream = RedisServer.NewStream();
        var store = new CollectingStore();
        await using var provider = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = provider.GetRequiredService<IMeterFactory>();
        await using var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["store"] = store });
        var options = new RedisStreamConsumerOptions();
        Configure(options, server, stream);
        using var consumer = new RedisStreamConsumer(options, tracker);
        using var onFactory = new StreamMeasurements(stream, meter => ReferenceEquals(meter.Scope, factory));
        using var onLibraryMeter = new StreamMeasurements(stream, meter => meter.Scope is null);

        consumer.UseMeterFactory(factory);
        await ConsumeAsync(consumer, server, stream, onFactory, alsoRead: onLibraryMeter);

        Assert.Multiple(() =>
        {
            Assert.That(store.Count, Is.EqualTo(Entries));
            Assert.That(onFactory.Of("eventtracking.redis.consumed").Sum(m => m.Value), Is.EqualTo(Entries));
            Assert.That(onFactory.Of("eventtracking.redis.pending"), Is.Not.Empty, "the gauges report the consumer on the given meter");
            Assert.That(onLibraryMeter.All, Is.Empty, "nothing of this stream on the library's own meter");
        });
    }

    private static void Configure(RedisStreamConsumerOptions options, string server, string stream)
    {
        options.ConnectionString = server;
        options.Stream = stream;
        options.Group = "metered";
        options.PollInterval = TimeSpan.FromMilliseconds(10);
        options.MetricsInterval = TimeSpan.FromMilliseconds(1);
    }

    /// <summary>Runs the consumer until it has counted every entry appended to the stream, then stops it and deletes the stream.</summary>
    private static async Task ConsumeAsync(RedisStreamConsumer consumer, string server, string stream, StreamMeasurements measured, StreamMeasurements? alsoRead = null)
    {
        await consumer.StartAsync(CancellationToken.None);
        try
        {
            await using (var backend = new RedisStreamBackend(new RedisStreamBackendOptions { ConnectionString = server, Stream = stream }))
            {
                await backend.SendBatchAsync(TestEvents.Small(Entries), CancellationToken.None);
            }

            await measured.Consumed(Entries).WaitAsync(TimeSpan.FromSeconds(30));
            measured.Record();
            alsoRead?.Record();
        }
        finally
        {
            await consumer.StopAsync(CancellationToken.None);
            await using var redis = await RedisServer.ConnectAsync(server);
            await redis.GetDatabase().KeyDeleteAsync(stream);
        }
    }
}
