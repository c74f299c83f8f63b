namespace EventTracking.Tests;

[NonParallelizable]
public sealed class TrackersRegistryTests
{
    [TearDown]
    public void TearDown()
    {
        Trackers.Unregister();
        Trackers.Unregister("analytics");
    }

    [Test]
    public void TheModuleLevelEmitGoesThroughTheDefaultTracker()
    {
        var memory = new InMemoryBackend();
        Trackers.Register(new Tracker(new Dictionary<string, IEventBackend> { ["m"] = memory }));

        Trackers.Emit("registry.event", new { x = 1 });

        Assert.That(memory.Events.Single().Name, Is.EqualTo("registry.event"));
    }

    [Test]
    public void TrackersAreFoundByName()
    {
        var tracker = new Tracker(new Dictionary<string, IEventBackend>());
        Trackers.Register(tracker, "analytics");

        Assert.That(Trackers.Get("analytics"), Is.SameAs(tracker));
    }

    [Test]
    public void AskingForAnUnregisteredTrackerThrowsNamingIt()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Trackers.Get("nobody"));
        Assert.That(ex!.Message, Does.Contain("'nobody'"));
        Assert.Throws<InvalidOperationException>(() => Trackers.Emit("x"));
    }
}
