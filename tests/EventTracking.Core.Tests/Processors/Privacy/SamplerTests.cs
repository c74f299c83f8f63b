using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace EventTracking.Tests.Processors.Privacy;

public sealed class SamplerTests
{
    [Test]
    public void OverAHundredThousandUsersAtTenPercentTheKeptShareIsWithinOnePointAndEachUserIsAllInOrAllOut()
    {
        using var dropped = new MetricCollector<long>(null, EventTrackingDiagnostics.MeterName, "eventtracking.events.dropped");
        var store = new InMemoryBackend();
        var router = new RoutingBackend([new("db", store)], [new Sampler(new SamplerOptions { Rules = { SamplingRule.For(@"^video\.", 0.10) } })]);
        const int users = 100_000;
        const int eventsPerUser = 3;

        for (var e = 0; e < eventsPerUser; e++)
        {
            for (var u = 0; u < users; u++)
            {
                router.Send(new TrackingEvent(Guid.CreateVersion7(), "video.play", DateTimeOffset.UtcNow, new { user_id = $"user-{u}" }));
            }
        }

        var perUser = store.Events.GroupBy(e => (string)e.Context["user_id"]!).ToList();
        var keptShare = perUser.Count / (double)users;
        TestContext.Out.WriteLine($"kept {perUser.Count} of {users} users ({keptShare:P2}), {store.Count} of {users * eventsPerUser} events");
        Assert.That(keptShare, Is.EqualTo(0.10).Within(0.01));
        Assert.That(perUser.Where(g => g.Count() != eventsPerUser).Select(g => g.Key), Is.Empty, "a user kept once is kept for every event");
        Assert.That(store.Events.Select(e => e.Context["sample_rate"]).Distinct(), Is.EqualTo(new object[] { 0.10 }));
        var sampledDrops = dropped.GetMeasurementSnapshot().Where(m => Equals(m.Tags["eventtracking.drop.reason"], "sampled")).Sum(m => m.Value);
        Assert.That(sampledDrops, Is.EqualTo((users * eventsPerUser) - store.Count));
    }

    [Test]
    public void TheFirstMatchingRuleDecidesAndEventsNoRuleMatchesAreKeptWithoutARate()
    {
        var sampler = new Sampler(new SamplerOptions { Rules = { SamplingRule.For(@"^video\.seek", 1.0), SamplingRule.For(@"^video\.", 0.0) } });

        Assert.That(sampler.Process(Event("video.play", "u1")), Is.Null);
        var seek = sampler.Process(Event("video.seek", "u1"))!;
        var other = sampler.Process(Event("page.view", "u1"))!;

        Assert.That(seek.Context, Does.Not.ContainKey("sample_rate"));
        Assert.That(other, Is.Not.Null);
    }

    [Test]
    public void TheDrawDependsOnTheKeysTextSoNumbersAndStringsAgreeAndTheSaltChangesIt()
    {
        var numbers = Enumerable.Range(0, 2_000).Select(i => Sampler.Draw(string.Empty, KeyedHash_TextOf(i))).ToArray();
        var texts = Enumerable.Range(0, 2_000).Select(i => Sampler.Draw(string.Empty, i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        var salted = Enumerable.Range(0, 2_000).Select(i => Sampler.Draw("other", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();

        Assert.That(numbers, Is.EqualTo(texts));
        Assert.That(salted.Zip(texts).Count(p => p.First == p.Second), Is.Zero);
        Assert.That(texts, Is.All.InRange(0.0, 1.0));
    }

    [Test]
    public void EventsWithoutTheKeyAreSampledOnTheirOwnAtTheSameRate()
    {
        var sampler = new Sampler(new SamplerOptions { Rules = { SamplingRule.For(string.Empty, 0.5) } });

        var kept = Enumerable.Range(0, 20_000).Count(_ => sampler.Process(new TrackingEvent(Guid.CreateVersion7(), "anonymous", DateTimeOffset.UtcNow)) is not null);

        Assert.That(kept / 20_000.0, Is.EqualTo(0.5).Within(0.02));
    }

    [TestCase(1.5, "Rate 1.5")]
    [TestCase(-0.1, "Rate -0.1")]
    public void ARateOutsideZeroToOneIsRefusedNamingTheRule(double rate, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => new Sampler(new SamplerOptions { Rules = { SamplingRule.For("a", rate) } }));

        Assert.That(ex!.Message, Does.Contain("Rules[0]").And.Contain(message));
    }

    [Test]
    public void AnInvalidPatternIsRefusedNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Sampler(new SamplerOptions { Rules = { SamplingRule.For("(", 0.5) } }));

        Assert.That(ex!.Message, Does.Contain("Rules[0].Pattern '('"));
    }

    private static string KeyedHash_TextOf(int value) => KeyedHash.TextOf(value);

    private static TrackingEvent Event(string name, string user) => new(Guid.CreateVersion7(), name, DateTimeOffset.UtcNow, new { user_id = user });
}
