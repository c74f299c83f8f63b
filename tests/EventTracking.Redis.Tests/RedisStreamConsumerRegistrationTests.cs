using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace EventTracking.Tests;

public sealed class RedisStreamConsumerRegistrationTests
{
    [Test]
    public async Task AConsumerIsBoundFromItsSectionAndRunsAsAHostedService()
    {
        var server = RedisServer.Require();
        var stream = RedisServer.NewStream();
        var store = new CollectingStore();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RedisConsumer:ConnectionString"] = server,
            ["RedisConsumer:Stream"] = stream,
            ["RedisConsumer:Group"] = "archivers",
            ["RedisConsumer:Consumer"] = "archiver-1",
            ["RedisConsumer:BatchSize"] = "50",
            ["RedisConsumer:PollInterval"] = "00:00:00.010",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<ITracker>(new Tracker(new Dictionary<string, IEventBackend> { ["store"] = store }))
            .AddRedisStreamConsumer(configuration.GetSection("RedisConsumer"));
        await using var provider = services.BuildServiceProvider();
        var consumer = provider.GetServices<IHostedService>().OfType<RedisStreamConsumer>().Single();
        var health = provider.GetRequiredService<HealthCheckService>();

        Assert.That((consumer.Stream, consumer.Group, consumer.Consumer), Is.EqualTo((stream, "archivers", "archiver-1")));
        Assert.That((await health.CheckHealthAsync()).Entries[$"redis-stream:{stream}"].Status, Is.EqualTo(HealthStatus.Unhealthy));

        await consumer.StartAsync(CancellationToken.None);
        await using (var backend = new RedisStreamBackend(new RedisStreamBackendOptions { ConnectionString = server, Stream = stream }))
        {
            await backend.SendBatchAsync(TestEvents.Small(120), CancellationToken.None);
        }

        await store.WaitForAsync(120, TimeSpan.FromSeconds(30));
        var report = await health.CheckHealthAsync();
        await consumer.StopAsync(CancellationToken.None);

        var entry = report.Entries[$"redis-stream:{stream}"];
        Assert.That(entry.Status, Is.EqualTo(HealthStatus.Healthy));
        Assert.That(entry.Data["consumer"], Is.EqualTo("archiver-1"));
    }

    [Test]
    public async Task TheHealthCheckReportsAConsumerThatCannotReachRedis()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<ITracker>(new Tracker(new Dictionary<string, IEventBackend> { ["store"] = new CollectingStore() }))
            .AddRedisStreamConsumer(o =>
            {
                o.ConnectionString = $"127.0.0.1:{FreePort.Next()},connectTimeout=200,asyncTimeout=200";
                o.Stream = "unreachable";
                o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            });
        await using var provider = services.BuildServiceProvider();
        var consumer = provider.GetServices<IHostedService>().OfType<RedisStreamConsumer>().Single();
        var health = provider.GetRequiredService<HealthCheckService>();
        await consumer.StartAsync(CancellationToken.None);

        // The consumer retries in the background; its state is the only signal, so poll it until a deadline.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (consumer.LastError is null)
        {
            await Task.Delay(20, deadline.Token);
        }

        var entry = (await health.CheckHealthAsync()).Entries["redis-stream:unreachable"];
        await consumer.StopAsync(CancellationToken.None);

        Assert.That(entry.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(entry.Description, Does.Contain("cannot reach Redis"));
    }

    [Test]
    public void TheConsumerNameDefaultsToTheMachineAndTheProcess()
    {
        Assert.That(new RedisStreamConsumerOptions().Consumer, Is.EqualTo($"{Environment.MachineName}-{Environment.ProcessId}"));
    }

    [Test]
    public void AnUnknownKeyInTheSectionIsRefusedWithItsName()
    {
        var configuration = Section(("ConnectionString", "localhost"), ("Streem", "events"));

        var ex = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddRedisStreamConsumer(configuration));

        Assert.That(ex!.Message, Does.Contain("Streem").And.Contain("RedisConsumer"));
    }

    [Test]
    public void AnInvalidValueInTheSectionIsRefusedByName()
    {
        var configuration = Section(("ConnectionString", "localhost"), ("BatchSize", "0"));

        var ex = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddRedisStreamConsumer(configuration));

        Assert.That(ex!.ParamName, Is.EqualTo("BatchSize"));
    }

    [TestCase("ConnectionString", "")]
    [TestCase("Group", " ")]
    [TestCase("Consumer", "")]
    [TestCase("StartId", "1-0")]
    [TestCase("MaxDeliveries", "0")]
    [TestCase("ClaimIdleTime", "00:00:00")]
    [TestCase("DeadLetterStream", "events")]
    public void EachInvalidSettingIsRefusedByName(string key, string value)
    {
        var configuration = Section(("ConnectionString", "localhost"), ("Stream", "events"), (key, value));

        var ex = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddRedisStreamConsumer(configuration));

        Assert.That(ex!.ParamName, Is.EqualTo(key));
    }

    [TestCase("redis://cache.example:99999", "a port from 1 to 65535")]
    [TestCase("redis://:secret@cache.example/events", "database 'events'")]
    public void AConnectionStringThatCannotBeReadIsRefusedAtRegistrationWithTheReasonAndWithoutThePassword(string connectionString, string reason)
    {
        var configuration = Section(("ConnectionString", connectionString));

        var ex = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddRedisStreamConsumer(configuration));

        Assert.That(ex!.ParamName, Is.EqualTo("ConnectionString"));
        Assert.That(ex.Message, Does.StartWith("RedisStreamConsumerOptions.ConnectionString is not a valid Redis connection string: ").And.Contain(reason));
        Assert.That(ex.Message, Does.Not.Contain("secret"));
        Assert.That(ex.Message.Split("(Parameter").Length, Is.EqualTo(2), "one parameter suffix, not one per wrapping");
    }

    [Test]
    public void AnInvalidStartIdIsRefusedWithTheValueGiven()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddRedisStreamConsumer(Section(("ConnectionString", "localhost"), ("StartId", "5"))));

        Assert.That(ex!.Message, Does.Contain("not '5'"));
    }

    [Test]
    public async Task AConsumerThatHasNeverConnectedIsUnhealthyBeforeItsFirstTimeout()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<ITracker>(new Tracker(new Dictionary<string, IEventBackend> { ["store"] = new CollectingStore() }))
            .AddRedisStreamConsumer(o =>
            {
                // Timeouts far beyond the test: the only failure the check can see is that there is no connection.
                o.ConnectionString = $"127.0.0.1:{FreePort.Next()},connectTimeout=60000,asyncTimeout=60000";
                o.Stream = "never-connected";
            });
        await using var provider = services.BuildServiceProvider();
        var consumer = provider.GetServices<IHostedService>().OfType<RedisStreamConsumer>().Single();
        var health = provider.GetRequiredService<HealthCheckService>();
        await consumer.StartAsync(CancellationToken.None);

        var entry = (await health.CheckHealthAsync()).Entries["redis-stream:never-connected"];
        await consumer.StopAsync(CancellationToken.None);

        Assert.That(consumer.LastError, Is.Null);
        Assert.That(entry.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(entry.Description, Does.Contain("not connected to Redis"));
    }

    // Later values replace earlier ones of the same key.
    private static IConfigurationSection Section(params (string Key, string Value)[] values)
    {
        var data = new Dictionary<string, string?>();
        foreach (var (key, value) in values)
        {
            data["RedisConsumer:" + key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(data).Build().GetSection("RedisConsumer");
    }
}
