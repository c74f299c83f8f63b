using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace EventTracking.Tests.Processors.Privacy;

public sealed class ConsentFilterTests
{
    [Test]
    public void AnOptedOutUsersEventsReachNoHonouringBranchButStillReachTheOthersAndAreCountedAsConsent()
    {
        using var dropped = new MetricCollector<long>(null, EventTrackingDiagnostics.MeterName, "eventtracking.events.dropped");
        var analytics = new InMemoryBackend();
        var audit = new InMemoryBackend();
        var tracker = new Tracker(new Dictionary<string, IEventBackend>
        {
            ["analytics"] = new RoutingBackend([new("db", analytics)], [new ConsentFilter()]),
            ["audit"] = audit,
        });

        using (tracker.Context("request", new { user_id = "out", consent = "denied" }))
        {
            tracker.Emit("page.view");
        }

        using (tracker.Context("request", new { user_id = "in", consent = "granted" }))
        {
            tracker.Emit("page.view");
        }

        using (tracker.Context("request", new { user_id = "unknown" }))
        {
            tracker.Emit("page.view");
        }

        Assert.That(analytics.Events.Select(e => e.Context["user_id"]), Is.EqualTo(new[] { "in", "unknown" }));
        Assert.That(audit.Count, Is.EqualTo(3));
        var consentDrops = dropped.GetMeasurementSnapshot().Where(m => Equals(m.Tags["eventtracking.drop.reason"], "consent")).ToList();
        Assert.That(consentDrops.Sum(m => m.Value), Is.EqualTo(1));
        Assert.That(consentDrops[0].Tags["eventtracking.node"], Is.EqualTo(nameof(ConsentFilter)));
    }

    [Test]
    public void AResolverThatThrowsDropsTheEventOnItsBranchInsteadOfPassingItOnUnchecked()
    {
        using var dropped = new MetricCollector<long>(null, EventTrackingDiagnostics.MeterName, "eventtracking.events.dropped");
        using var failures = new MetricCollector<long>(null, EventTrackingDiagnostics.MeterName, "eventtracking.processor.failures");
        var analytics = new InMemoryBackend();
        var audit = new InMemoryBackend();
        var tracker = new Tracker(new Dictionary<string, IEventBackend>
        {
            ["analytics"] = new RoutingBackend([new("db", analytics)], [new ConsentFilter(new ConsentFilterOptions { Resolver = new Throwing() })]),
            ["audit"] = new RoutingBackend([new("db", audit)], [new DelegateProcessor(_ => throw new InvalidOperationException("not a privacy processor"))]),
        });

        tracker.Emit("page.view");

        Assert.That(analytics.Count, Is.Zero, "a consent check that failed lets nothing through");
        Assert.That(audit.Count, Is.EqualTo(1), "another processor that fails still passes the event on unchanged");
        var drop = dropped.GetMeasurementSnapshot().Single();
        Assert.That(drop.Tags["eventtracking.drop.reason"], Is.EqualTo("processor_failed"));
        Assert.That(drop.Tags["eventtracking.node"], Is.EqualTo(nameof(ConsentFilter)));
        Assert.That(failures.GetMeasurementSnapshot().Sum(m => m.Value), Is.EqualTo(2));
    }

    [Test]
    public async Task EventsEmittedInTasksStartedInsideTheOptedOutScopeAreDroppedToo()
    {
        var analytics = new InMemoryBackend();
        var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["analytics"] = new RoutingBackend([new("db", analytics)], [new ConsentFilter()]) });

        Task background;
        using (tracker.Context("request", new { user_id = "out", consent = false }))
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            background = Task.Run(async () =>
            {
                await gate.Task;
                tracker.Emit("background.work");
            });
            await Task.Run(() => tracker.Emit("child.task"));
            gate.SetResult();
        }

        await background.WaitAsync(TimeSpan.FromSeconds(10));
        tracker.Emit("after.request");

        Assert.That(analytics.Events.Select(e => e.Name), Is.EqualTo(new[] { "after.request" }));
    }

    [TestCase(false, ConsentState.Denied)]
    [TestCase(true, ConsentState.Granted)]
    [TestCase("Denied", ConsentState.Denied)]
    [TestCase(" opted_out ", ConsentState.Denied)]
    [TestCase("0", ConsentState.Denied)]
    [TestCase("granted", ConsentState.Granted)]
    [TestCase(1L, ConsentState.Granted)]
    [TestCase("maybe", ConsentState.Unknown)]
    [TestCase(null, ConsentState.Unknown)]
    public void ConsentValuesAreReadAsDocumented(object? value, ConsentState expected)
    {
        Assert.That(ConsentValues.Parse(value), Is.EqualTo(expected));
    }

    [Test]
    public void RequireConsentDropsUsersWithoutRecordedConsent()
    {
        var filter = new ConsentFilter(new ConsentFilterOptions { RequireConsent = true });

        Assert.That(filter.Process(Event(new { user_id = 1 })), Is.Null);
        Assert.That(filter.Process(Event(new { user_id = 1, consent = true })), Is.Not.Null);
    }

    [Test]
    public void AResolverIsAskedFirstAndItsUnknownFallsBackToTheContext()
    {
        var filter = new ConsentFilter(new ConsentFilterOptions { Resolver = new OptedOut("out") });

        Assert.That(filter.Process(Event(new { user_id = "out", consent = "granted" })), Is.Null);
        Assert.That(filter.Process(Event(new { user_id = "other", consent = "denied" })), Is.Null);
        Assert.That(filter.Process(Event(new { user_id = "other" })), Is.Not.Null);
    }

    [Test]
    public void AnotherContextKeyCanBeNamed()
    {
        var filter = new ConsentFilter(new ConsentFilterOptions { ContextKey = "tracking_opt_in" });

        Assert.That(filter.Process(Event(new { tracking_opt_in = false })), Is.Null);
        Assert.That(filter.Process(Event(new { consent = "denied" })), Is.Not.Null);
        Assert.Throws<ArgumentException>(() => new ConsentFilter(new ConsentFilterOptions { ContextKey = " " }));
    }

    private static TrackingEvent Event(object context) => new(Guid.CreateVersion7(), "test.event", DateTimeOffset.UtcNow, context);

    private sealed class Throwing : IConsentResolver
    {
        public ConsentState Resolve(TrackingEvent evt) => throw new InvalidOperationException("the consent store is down");
    }

    private sealed class OptedOut(string userId) : IConsentResolver
    {
        public ConsentState Resolve(TrackingEvent evt) =>
            Equals(evt.Context.GetValueOrDefault("user_id"), userId) ? ConsentState.Denied : ConsentState.Unknown;
    }
}
