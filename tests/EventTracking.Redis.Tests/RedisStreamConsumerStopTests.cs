using System.Net;
using System.Net.Sockets;

namespace EventTracking.Tests;

/// <summary>Stopping does not wait for Redis commands stuck in the client while Redis does not answer.</summary>
public sealed class RedisStreamConsumerStopTests
{
    [Test]
    public async Task StoppingAConsumerWhoseRedisDoesNotAnswerReturnsWithoutWaitingForTheClientsTimeout()
    {
        // A server that accepts connections and never answers: the client waits for its (ten-minute) timeouts.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["store"] = new CollectingStore() });
        using var consumer = new RedisStreamConsumer(
            new RedisStreamConsumerOptions { ConnectionString = $"127.0.0.1:{port},connectTimeout=600000,asyncTimeout=600000", Stream = "silent" },
            tracker);
        await consumer.StartAsync(CancellationToken.None);
        using var connection = await silent.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(60));

        // The consumer is now inside a Redis call; a stop that waited for it would outlast this guard tenfold.
        await consumer.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.That(consumer.ExecuteTask!.IsCompletedSuccessfully, Is.True, () => $"{consumer.ExecuteTask.Status}: {consumer.ExecuteTask.Exception}");
        Assert.That(consumer.Consumed, Is.Zero);
    }
}
