using System.Net;
using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests;

public sealed class NativeCollectorTests
{
    [Test]
    public async Task AnHttpBackendInOneTrackerDeliversToTheCollectorInAnotherAndIdsArePreserved()
    {
        await using var collector = await CollectorTestHost.StartAsync();
        var http = new HttpBackend(new HttpBackendOptions
        {
            Endpoint = new Uri(collector.BaseAddress, "/api/events"),
            ApiKey = CollectorTestHost.MobileKey,
            Gzip = true,
            ThrowOnRejected = true,
        });
        var sent = new InMemoryBackend();
        await using var game = new Tracker(
            new Dictionary<string, IEventBackend>
            {
                ["forward"] = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["http"] = http }, options: new AsyncRoutingOptions { Name = "forward-" + Guid.NewGuid().ToString("N") }),
                ["local"] = sent,
            },
            options: new TrackerOptions { Context = new { application = "game" } });

        using (game.Context("session", new { session_id = "s-1" }))
        {
            for (var i = 0; i < 25; i++)
            {
                game.Emit("game.level.start", new { level = i, tags = new[] { "a", "b" } });
            }
        }

        await game.FlushAsync();

        var stored = (await collector.StoredAsync()).OrderBy(e => e.Id).ToList();
        var original = sent.Events.OrderBy(e => e.Id).ToList();
        Assert.That(stored.Select(e => e.Id), Is.EqualTo(original.Select(e => e.Id)));
        Assert.Multiple(() =>
        {
            Assert.That(stored.Select(e => e.Timestamp), Is.EqualTo(original.Select(e => e.Timestamp)));
            Assert.That(stored[3].Data["level"], Is.EqualTo(original[3].Data["level"]));
            Assert.That(stored[3].Context["session_id"], Is.EqualTo("s-1"));
            Assert.That(stored[3].Context["application"], Is.EqualTo("game"));
            Assert.That(stored[3].Context["collector_key"], Is.EqualTo("mobile"));
        });
    }

    [Test]
    public async Task A200MeansTheEventsAreAlreadyCommittedInTheStoreBehindAnAsyncNode()
    {
        await using var collector = await CollectorTestHost.StartAsync();

        using var response = await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(50)));

        // No flush: the answer itself is the acknowledgement.
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(collector.CountStored(), Is.EqualTo(50));
        Assert.That((await JsonAssert.ReadAsync(response)).GetProperty("accepted").GetInt32(), Is.EqualTo(50));
    }

    [Test]
    public async Task ClientIdsAndTimestampsAreKeptAndMissingOnesAreFilledIn()
    {
        await using var collector = await CollectorTestHost.StartAsync();
        var id = Guid.CreateVersion7();
        var body = Bodies.Batch(Bodies.Event("with.both", id), Bodies.Event("with.neither", timestamp: null));

        using var response = await collector.Client.SendAsync(Bodies.Native(body));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var stored = await collector.StoredAsync();
        var withBoth = stored.Single(e => e.Name == "with.both");
        var withNeither = stored.Single(e => e.Name == "with.neither");
        Assert.Multiple(() =>
        {
            Assert.That(withBoth.Id, Is.EqualTo(id));
            Assert.That(withBoth.Timestamp, Is.EqualTo(DateTimeOffset.Parse("2026-11-23T12:00:00.123456+00:00")));
            Assert.That(withNeither.Id.Version, Is.EqualTo(7));
            Assert.That(withNeither.Timestamp, Is.EqualTo(withNeither.Context["received_at"] is string s ? DateTimeOffset.Parse(s) : default));
        });
    }

    [Test]
    public async Task OneObjectIsAcceptedAsABatchOfOne()
    {
        await using var collector = await CollectorTestHost.StartAsync();

        using var response = await collector.Client.SendAsync(Bodies.Native(Bodies.Event()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(collector.CountStored(), Is.EqualTo(1));
    }

    [Test]
    public async Task TheCollectorsFieldsOverrideWhatTheClientSentAndTheProcessContextLiesBeneath()
    {
        await using var collector = await CollectorTestHost.StartAsync(h => h.WithContext(new { host = "collector-1", client_ip = "from-process" }));
        var forged = """{"client_ip":"6.6.6.6","collector_key":"admin","collector_surface":"forged","received_at":"1999-01-01","user_id":"u1"}""";

        using var response = await collector.Client.SendAsync(Bodies.Native(Bodies.Event(context: forged), CollectorTestHost.WebKey));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var context = (await collector.StoredAsync()).Single().Context;
        Assert.Multiple(() =>
        {
            Assert.That(context["client_ip"], Is.EqualTo("127.0.0.1"));
            Assert.That(context["collector_key"], Is.EqualTo("web"));
            Assert.That(context["collector_surface"], Is.EqualTo("native"));
            Assert.That(DateTimeOffset.Parse((string)context["received_at"]!), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
            Assert.That(context["user_id"], Is.EqualTo("u1"));
            Assert.That(context["host"], Is.EqualTo("collector-1"));
        });
    }

    [Test]
    public async Task AStoreThatIsDownGets503WithRetryAfterAndTheRetryStoresEachEventOnce()
    {
        await using var collector = await CollectorTestHost.StartAsync(h => h.WithBusyTimeout(TimeSpan.FromMilliseconds(100)));
        using (var warmUp = await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(1))))
        {
            Assert.That(warmUp.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var body = Bodies.Batch(20);
        using (var lockHolder = SqliteLock.Hold(collector.Store.Path))
        {
            using var refused = await collector.Client.SendAsync(Bodies.Native(body));

            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(refused.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
        }

        Assert.That(collector.CountStored(), Is.EqualTo(1), "nothing of the refused batch is stored");
        using (var retried = await collector.Client.SendAsync(Bodies.Native(body)))
        {
            Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using (var again = await collector.Client.SendAsync(Bodies.Native(body)))
        {
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.That(collector.CountStored(), Is.EqualTo(21));
    }

    [Test]
    public async Task WhenOneOfTwoStoresFailsTheRetryStoresNothingTwiceInTheOneThatCommitted()
    {
        var flaky = new SwitchableStore { Down = true };
        await using var collector = await CollectorTestHost.StartAsync(h => h.Tree(store => [new("a_db", store), new("b_flaky", flaky)]));
        var body = Bodies.Batch(10);

        using (var refused = await collector.Client.SendAsync(Bodies.Native(body)))
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        }

        Assert.That(collector.CountStored(), Is.EqualTo(10), "the first store committed before the second failed");
        flaky.Down = false;
        using (var retried = await collector.Client.SendAsync(Bodies.Native(body)))
        {
            Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.Multiple(() =>
        {
            Assert.That(collector.CountStored(), Is.EqualTo(10));
            Assert.That(flaky.Stored, Has.Count.EqualTo(10));
            Assert.That(collector.Logs.Lines, Has.Some.Contains("could not deliver 10 event(s)").And.Contains("b_flaky"));
        });
    }

    [Test]
    public async Task AnEmptyBatchSucceedsAndStoresNothing()
    {
        await using var collector = await CollectorTestHost.StartAsync();

        using var response = await collector.Client.SendAsync(Bodies.Native("[]"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(collector.CountStored(), Is.Zero);
    }
}
