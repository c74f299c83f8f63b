using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EventTracking.Tests;

/// <summary><c>"Type": "RedisStream"</c> in the configuration tree, bound through <c>AddEventTracking(configuration)</c>.</summary>
public sealed class RedisStreamConfigurationTests
{
    [Test]
    public async Task ARedisStreamNodeIsBoundWithItsOptionsAndAppendsToTheStream()
    {
        var server = RedisServer.Require();
        var stream = RedisServer.NewStream();
        await using var redis = await RedisServer.ConnectAsync(server);
        try
        {
            await using (var provider = Build(new()
            {
                ["EventTracking:Backends:forward:Type"] = "AsyncRouting",
                ["EventTracking:Backends:forward:Backends:redis:Type"] = "RedisStream",
                ["EventTracking:Backends:forward:Backends:redis:Options:ConnectionString"] = server,
                ["EventTracking:Backends:forward:Backends:redis:Options:Stream"] = stream,
                ["EventTracking:Backends:forward:Backends:redis:Options:MaxLength"] = "1000",
            }))
            {
                var tracker = provider.GetRequiredService<Tracker>();
                var forward = (AsyncRoutingBackend)tracker.Backend.Backends["forward"];
                Assert.That(((RedisStreamBackend)forward.Backends["redis"]).Stream, Is.EqualTo(stream));

                tracker.Emit("configured.event", new { n = 1 });
                await tracker.FlushAsync();
            }

            var entries = await redis.GetDatabase().StreamRangeAsync(stream);
            Assert.That(EventJson.Parse((string)entries.Single()[RedisStreamFields.Event]!).Name, Is.EqualTo("configured.event"));
        }
        finally
        {
            await redis.GetDatabase().KeyDeleteAsync(stream);
        }
    }

    [Test]
    public void AMissingConnectionStringIsReportedWithItsConfigurationPath()
    {
        var ex = Assert.Throws<EventTrackingConfigurationException>(() =>
        {
            using var provider = Build(new()
            {
                ["EventTracking:Backends:redis:Type"] = "RedisStream",
                ["EventTracking:Backends:redis:Options:Stream"] = "events",
            });
            provider.GetRequiredService<Tracker>();
        });

        Assert.That(ex!.Message, Does.Contain("EventTracking:Backends:redis:Options:ConnectionString"));
    }

    private static ServiceProvider Build(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddEventTracking(configuration.GetSection("EventTracking"));
        return services.BuildServiceProvider();
    }
}
