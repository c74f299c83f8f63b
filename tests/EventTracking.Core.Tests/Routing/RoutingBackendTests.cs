namespace EventTracking.Tests.Routing;

public sealed class RoutingBackendTests
{
    private static TrackingEvent NewEvent(string name = "test.event", object? data = null) =>
        new(Guid.CreateVersion7(), name, DateTimeOffset.UtcNow, data: data);

    [Test]
    public void ProcessorsRunInRegistrationOrder()
    {
        var memory = new InMemoryBackend();
        var router = new RoutingBackend(
            [new("memory", memory)],
            [new DelegateProcessor(e => e with { Name = e.Name + ".a" }), new DelegateProcessor(e => e with { Name = e.Name + ".b" })]);
        router.RegisterProcessor(new DelegateProcessor(e => e with { Name = e.Name + ".c" }));

        router.Send(NewEvent("x"));

        Assert.That(memory.Events.Single().Name, Is.EqualTo("x.a.b.c"));
    }

    [Test]
    public void AProcessorMayPassOnAModifiedCopyWithoutChangingTheOriginal()
    {
        var memory = new InMemoryBackend();
        var router = new RoutingBackend([new("memory", memory)], [new DelegateProcessor(e => e with { Data = new Dictionary<string, object?> { ["redacted"] = true } })]);
        var original = NewEvent(data: new { secret = "s3cr3t" });

        router.Send(original);

        Assert.That(memory.Events.Single().Data, Is.EquivalentTo(new Dictionary<string, object?> { ["redacted"] = true }));
        Assert.That(original.Data, Is.EquivalentTo(new Dictionary<string, object?> { ["secret"] = "s3cr3t" }));
    }

    [Test]
    public void AProcessorReturningNullDropsTheEventAndStopsTheChain()
    {
        var memory = new InMemoryBackend();
        var after = 0;
        var router = new RoutingBackend(
            [new("memory", memory)],
            [new DelegateProcessor(_ => null), new DelegateProcessor(e => { after++; return e; })]);

        router.Send(NewEvent());

        Assert.That(memory.Count, Is.Zero);
        Assert.That(after, Is.Zero);
    }

    [Test]
    public void AThrowingProcessorIsSkippedAndTheChainGoesOnWithTheEventAsItWas()
    {
        var memory = new InMemoryBackend();
        var router = new RoutingBackend(
            [new("memory", memory)],
            [
                new DelegateProcessor(e => e with { Name = "renamed" }),
                new DelegateProcessor(_ => throw new InvalidOperationException("boom")),
                new DelegateProcessor(e => e with { Data = new Dictionary<string, object?> { ["seen"] = e.Name } }),
            ]);

        router.Send(NewEvent());

        var evt = memory.Events.Single();
        Assert.That(evt.Name, Is.EqualTo("renamed"));
        Assert.That(evt.Data["seen"], Is.EqualTo("renamed"));
    }

    [Test]
    public void AThrowingBackendDoesNotStopItsSiblings()
    {
        var before = new InMemoryBackend();
        var after = new InMemoryBackend();
        var throwing = new ThrowingBackend();
        var router = new RoutingBackend([new("a", before), new("b", throwing), new("c", after)]);

        Assert.DoesNotThrow(() => router.Send(NewEvent()));

        Assert.That(throwing.Calls, Is.EqualTo(1));
        Assert.That(before.Count, Is.EqualTo(1));
        Assert.That(after.Count, Is.EqualTo(1));
    }

    [Test]
    public void BackendsAreCalledInOrdinalNameOrder()
    {
        var calls = new List<string>();
        var router = new RoutingBackend();
        foreach (var name in new[] { "b", "a", "B", "a2", "_" })
        {
            router.RegisterBackend(name, new RecordingBackend(name, calls));
        }

        router.Send(NewEvent());

        Assert.That(calls, Is.EqualTo(new[] { "B", "_", "a", "a2", "b" }));
        Assert.That(router.Backends.Keys, Is.EqualTo(new[] { "B", "_", "a", "a2", "b" }));
    }

    [Test]
    public void RegisteringTheSameBackendNameTwiceThrows()
    {
        var router = new RoutingBackend([new("store", new InMemoryBackend())]);

        var ex = Assert.Throws<ArgumentException>(() => router.RegisterBackend("store", new InMemoryBackend()));
        Assert.That(ex!.Message, Does.Contain("'store'"));
    }

    [Test]
    public void InNestedRoutersOneBranchDroppingAnEventLeavesItsSiblingReceivingIt()
    {
        var kept = new InMemoryBackend();
        var filtered = new InMemoryBackend();
        var root = new RoutingBackend([
            new("filtered", new RoutingBackend([new("leaf", filtered)], [new RegexFilter(RegexFilterType.Allowlist, ["^edx\\.course\\."])])),
            new("kept", new RoutingBackend([new("leaf", kept)])),
        ]);

        root.Send(NewEvent("navigation.request"));
        root.Send(NewEvent("edx.course.enrollment"));

        Assert.That(filtered.Events.Select(e => e.Name), Is.EqualTo(new[] { "edx.course.enrollment" }));
        Assert.That(kept.Events.Select(e => e.Name), Is.EqualTo(new[] { "navigation.request", "edx.course.enrollment" }));
    }

    [Test]
    public void AProcessorInOneBranchNeverChangesWhatASiblingSees()
    {
        var redacted = new InMemoryBackend();
        var raw = new InMemoryBackend();
        var root = new RoutingBackend([
            new("a", new RoutingBackend([new("leaf", redacted)], [new DelegateProcessor(e => e with { Context = new Dictionary<string, object?>(), Name = "redacted" })])),
            new("b", new RoutingBackend([new("leaf", raw)])),
        ]);

        root.Send(new TrackingEvent(Guid.CreateVersion7(), "original", DateTimeOffset.UtcNow, new { user_id = 1 }));

        Assert.That(redacted.Events.Single().Name, Is.EqualTo("redacted"));
        Assert.That(redacted.Events.Single().Context, Is.Empty);
        Assert.That(raw.Events.Single().Name, Is.EqualTo("original"));
        Assert.That(raw.Events.Single().Context["user_id"], Is.EqualTo(1));
    }

    [Test]
    public void ATrackerEmitsThroughNestedRoutersWithTheContextCapturedAtEmit()
    {
        var memory = new InMemoryBackend();
        var tracker = new Tracker(new RoutingBackend([new("nested", new RoutingBackend([new("leaf", memory)]))]));

        using (tracker.Context("request", new { user_id = 3 }))
        {
            tracker.Emit("x");
        }

        Assert.That(memory.Events.Single().Context["user_id"], Is.EqualTo(3));
    }

    private sealed class RecordingBackend(string name, List<string> calls) : IEventBackend
    {
        public void Send(TrackingEvent evt) => calls.Add(name);
    }
}
