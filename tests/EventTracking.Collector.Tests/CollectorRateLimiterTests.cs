using Microsoft.Extensions.Options;

namespace EventTracking.Collector.Tests;

public sealed class CollectorRateLimiterTests
{
    [Test]
    public async Task ABucketRefillsAtTheLimitPerWindowAndTheRefusalSaysHowLongToWait()
    {
        using var limiter = Limiter(perClient: 600);

        Assert.That(limiter.TryAcquire("10.0.0.1", [new("k", 600)]), Is.Null);
        await Task.Delay(TimeSpan.FromMilliseconds(400));
        var refusal = limiter.TryAcquire("10.0.0.1", [new("k", 300)]);

        // 600 per minute is 10 a second: 300 events need about half a minute more.
        Assert.That(refusal, Is.Not.Null);
        Assert.That(refusal!.Limit, Is.EqualTo(600));
        Assert.That(refusal.RetryAfter, Is.InRange(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30)));
    }

    [Test]
    public void ARequestRefusedByOneLimitUsesUpNoOther()
    {
        using var limiter = Limiter(perKey: 500, perClient: 500);

        Assert.That(limiter.TryAcquire("10.0.0.1", [new("mobile", 450)]), Is.Null);
        Assert.That(limiter.TryAcquire("10.0.0.2", [new("mobile", 100)])?.Limit, Is.EqualTo(500), "the key has too few tokens left");
        Assert.That(limiter.TryAcquire("10.0.0.2", [new("web", 500)]), Is.Null, "the refused request took nothing from the client's bucket");
    }

    [Test]
    public void ClientsAndKeysHaveBucketsOfTheirOwnAndAnonymousEventsCountOnlyPerClient()
    {
        using var limiter = Limiter(perKey: 500, perClient: 600);

        Assert.Multiple(() =>
        {
            Assert.That(limiter.TryAcquire("10.0.0.1", [new("mobile", 500)]), Is.Null);
            Assert.That(limiter.TryAcquire("10.0.0.2", [new("mobile", 50)])?.Limit, Is.EqualTo(500), "the key is spent");
            Assert.That(limiter.TryAcquire("10.0.0.2", [new("web", 500)]), Is.Null);
            Assert.That(limiter.TryAcquire("10.0.0.2", [new(null, 90)]), Is.Null, "anonymous events use only the client's bucket");
            Assert.That(limiter.TryAcquire("10.0.0.2", [new(null, 50)])?.Limit, Is.EqualTo(600), "the client is spent");
            Assert.That(limiter.TryAcquire("10.0.0.3", [new(null, 0)]), Is.Null, "nothing to count");
        });
    }

    [TestCase(60, "1 minute")]
    [TestCase(120, "2 minute")]
    [TestCase(30, "30 second")]
    [TestCase(3600, "1 hour")]
    [TestCase(86400, "1 day")]
    public void TheWindowIsWrittenAsTheLimitsLibraryWritesIt(int seconds, string text)
    {
        using var limiter = Limiter(perClient: 500, window: TimeSpan.FromSeconds(seconds));

        Assert.That(limiter.WindowText, Is.EqualTo(text));
    }

    private static CollectorRateLimiter Limiter(int perKey = 0, int perClient = 0, TimeSpan? window = null)
    {
        var options = new EventCollectorOptions();
        options.RateLimit.EventsPerKey = perKey;
        options.RateLimit.EventsPerClient = perClient;
        options.RateLimit.Window = window ?? TimeSpan.FromMinutes(1);
        return new CollectorRateLimiter(options.RateLimit);
    }
}
