using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EventTracking.Tests;

/// <summary>The consumer's instruments live on the meter of the container that <c>AddEventTracking</c> uses.</summary>
[TestFixture]
[Category("Integration")]
public sealed class RedisStreamMeterFactoryTests
{
    [Test]
    public async Task TheConsumerCountsOnTheMeterOfTheContainersMeterFactoryWithItsStreamAndGroupTags()
    {
        var server = RedisServer.Require();
        var stream = RedisServer.NewStream();
        var store = new CollectingStore();
        var services = new ServiceCollection().AddLogging();
        services.AddEventTracking(t => t.AddBackend("store", store));
        services.AddRedisStreamConsumer(o =>
        {
            o.ConnectionString = server;
            o.Stream = stream;
            o.Group = "metered";
            o.PollInterval = TimeSpan.FromMilliseconds(10);
            o.MetricsInterval = TimeSpan.FromMilliseconds(1);
        });
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IMeterFactory>();
        var measurements = new ConcurrentQueue<(string Instrument, long Value, Dictionary<string, object?> Tags)>();
        var allConsumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long consumed = 0;
        using var listener = new MeterListener
        {
            // Only the meters of this container's factory: the library's own meter is not listened to.
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name.StartsWith("eventtracking.redis.", StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var tagged = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                tagged[tag.Key] = tag.Value;
            }

            if (Equals(tagged.GetValueOrDefault("eventtracking.redis.stream"), stream))
            {
                measurements.Enqueue((instrument.Name, value, tagged));
                if (instrument.Name == "eventtracking.redis.consumed" && Interlocked.Add(ref consumed, value) >= 40)
                {
                    allConsumed.TrySetResult();
                }
            }
        });
        listener.Start();
        var consumer = provider.GetServices<IHostedService>().OfType<RedisStreamConsumer>().Single();
        await consumer.StartAsync(CancellationToken.None);
        try
        {
            await using (var backend = new RedisStreamBackend(new RedisStreamBackendOptions { ConnectionString = server, Stream = stream }))
            {
                await backend.SendBatchAsync(TestEvents.Small(40), CancellationToken.None);
            }

            await allConsumed.Task.WaitAsync(TimeSpan.FromSeconds(30));
            listener.RecordObservableInstruments();
        }
        finally
        {
            await consumer.StopAsync(CancellationToken.None);
            await using var redis = await RedisServer.ConnectAsync(server);
            await redis.GetDatabase().KeyDeleteAsync(stream);
        }

        var counted = measurements.Where(m => m.Instrument == "eventtracking.redis.consumed").ToList();
        Assert.That(counted.Sum(m => m.Value), Is.EqualTo(40));
        Assert.That(counted.Select(m => m.Tags.GetValueOrDefault("eventtracking.redis.group")), Is.All.EqualTo("metered"));
        Assert.That(measurements.Select(m => m.Instrument), Does.Contain("eventtracking.redis.pending"));
    }
}
