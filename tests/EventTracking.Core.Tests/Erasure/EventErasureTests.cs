namespace EventTracking.Tests.Erasure;

public sealed class EventErasureTests
{
    private const string Secret = "a-test-secret-of-32-characters!!";

    [Test]
    public async Task EveryErasableStoreInTheTreeIncludingBeneathAsyncNodesIsErasedAndTheOthersAreReportedAsUnable()
    {
        var direct = new ErasableMemoryStore();
        var queued = new ErasableMemoryStore();
        var memory = new InMemoryBackend();
        await using var tracker = new Tracker(new Dictionary<string, IEventBackend>
        {
            ["audit"] = direct,
            ["memory"] = memory,
            ["store"] = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["db"] = queued }),
        });
        foreach (var user in new object[] { 10938, "10938", "other", 1093 })
        {
            using (tracker.Context("request", new { user_id = user }))
            {
                tracker.Emit("page.view");
            }
        }

        var report = await tracker.EraseUserAsync("10938");

        Assert.That(report.Stores.Select(s => (s.Path, s.Outcome, s.Removed)), Is.EqualTo(new[]
        {
            ("audit", StoreErasureOutcome.Erased, 2L),
            ("memory", StoreErasureOutcome.CannotErase, 0L),
            ("store/db", StoreErasureOutcome.Erased, 2L),
        }));
        Assert.That(report.Removed, Is.EqualTo(4));
        Assert.That(report.Complete, Is.False);
        Assert.That(queued.Events.Select(e => e.Context["user_id"]), Is.EquivalentTo(new object[] { "other", 1093 }));
        Assert.That(report.Stores[1].Backend, Is.EqualTo(nameof(InMemoryBackend)));
    }

    [Test]
    public async Task StoresOutsideTheTreeAreErasedAfterItAndReportedUnderTheirNameOnce()
    {
        var inTree = new ErasableMemoryStore();
        var outside = new ErasableMemoryStore();
        await using var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["db"] = inTree });
        outside.Send(new TrackingEvent(Guid.NewGuid(), "profile", DateTimeOffset.UtcNow, new Dictionary<string, object?> { ["user_id"] = "ada" }));
        outside.Send(new TrackingEvent(Guid.NewGuid(), "profile", DateTimeOffset.UtcNow, new Dictionary<string, object?> { ["user_id"] = "bob" }));
        using (tracker.Context("request", new { user_id = "ada" }))
        {
            tracker.Emit("page.view");
        }

        var options = new UserErasureOptions { Stores = { ["profiles"] = outside, ["again"] = inTree } };
        var report = await tracker.EraseUserAsync("ada", options);

        Assert.That(report.Stores.Select(s => (s.Path, s.Outcome, s.Removed)), Is.EqualTo(new[]
        {
            ("db", StoreErasureOutcome.Erased, 1L),
            ("profiles", StoreErasureOutcome.Erased, 1L),
        }));
        Assert.That(outside.Events.Select(e => e.Context["user_id"]), Is.EqualTo(new object[] { "bob" }));
    }

    [Test]
    public async Task TheTrackersOwnStoresOutsideTheTreeAreErasedWithoutBeingNamedAgain()
    {
        var outside = new ErasableMemoryStore();
        outside.Send(new TrackingEvent(Guid.NewGuid(), "profile", DateTimeOffset.UtcNow, new Dictionary<string, object?> { ["user_id"] = "ada" }));
        var asked = 0;
        await using var tracker = new Tracker(
            new Dictionary<string, IEventBackend> { ["db"] = new ErasableMemoryStore() },
            options: new TrackerOptions { ErasableStores = () => { asked++; return new Dictionary<string, IErasableStore> { ["profiles"] = outside }; } });

        Assert.That(asked, Is.Zero, "resolved only when an erasure asks");
        var report = await tracker.EraseUserAsync("ada");

        Assert.That(report.Stores.Select(s => (s.Path, s.Removed)), Is.EqualTo(new[] { ("db", 0L), ("profiles", 1L) }));
        Assert.That(outside.Events, Is.Empty);
        Assert.That(asked, Is.EqualTo(1));
    }

    [Test]
    public async Task TheSecretsOfRedactorsInTheTreeAreUsedSoHashedIdsAreErasedToo()
    {
        var analytics = new ErasableMemoryStore();
        var tracker = new Tracker(new Dictionary<string, IEventBackend>
        {
            ["analytics"] = new RoutingBackend(
                [new("db", analytics)],
                [new Redactor(new RedactorOptions { Secret = Secret, Rules = { RedactionRule.ForPath("context.user_id", RedactionAction.Hash) } })]),
        });
        foreach (var user in new[] { "ada", "bob" })
        {
            using (tracker.Context("request", new { user_id = user }))
            {
                tracker.Emit("page.view");
            }
        }

        var report = await tracker.EraseUserAsync("ada");

        Assert.That(report.Removed, Is.EqualTo(1));
        Assert.That(analytics.Events.Single().Context["user_id"], Is.EqualTo(KeyedHash.Compute(Secret, "bob")));
        Assert.That(analytics.LastErasure!.Values, Is.EqualTo(new[] { "ada", KeyedHash.Compute(Secret, "ada") }));
    }

    [Test]
    public async Task TreeSecretsCanBeLeftOutAndOtherFieldsAndSecretsNamed()
    {
        var store = new ErasableMemoryStore();
        var root = new RoutingBackend(
            [new("db", store)],
            [new Redactor(new RedactorOptions { Secret = Secret, Rules = { RedactionRule.ForPath("context.user_id", RedactionAction.Hash) } })]);
        var retired = "a-retired-secret-of-32-characters";

        await EventErasure.EraseUserAsync(root, "ada", new UserErasureOptions { IncludeTreeSecrets = false, Secrets = { retired }, Fields = { "data.actor.id" } });

        Assert.That(store.LastErasure!.Values, Is.EqualTo(new[] { "ada", KeyedHash.Compute(retired, "ada") }));
        Assert.That(store.LastErasure.Fields, Is.EqualTo(new[] { "context.user_id", "data.actor.id" }));
    }

    [Test]
    public async Task AFailingStoreIsReportedAndDoesNotStopTheOthers()
    {
        var broken = new ErasableMemoryStore { FailWith = new IOException("disk gone") };
        var healthy = new ErasableMemoryStore();
        healthy.Send(new TrackingEvent(Guid.CreateVersion7(), "x", DateTimeOffset.UtcNow, new { user_id = "ada" }));
        var root = new RoutingBackend([new("a", broken), new("b", healthy)]);

        var report = await EventErasure.EraseUserAsync(root, "ada");

        Assert.That(report.Stores[0].Outcome, Is.EqualTo(StoreErasureOutcome.Failed));
        Assert.That(report.Stores[0].Error, Does.Contain("disk gone"));
        Assert.That(report.Stores[1], Is.EqualTo(new StoreErasureResult("b", nameof(ErasableMemoryStore), StoreErasureOutcome.Erased, 1)));
    }

    [Test]
    public async Task AStoreReachableTwiceIsErasedOnce()
    {
        var shared = new ErasableMemoryStore();
        var root = new RoutingBackend([new("a", shared), new("b", new RoutingBackend([new("again", shared)]))]);

        var report = await EventErasure.EraseUserAsync(root, "ada");

        Assert.That(report.Stores.Select(s => s.Path), Is.EqualTo(new[] { "a" }));
    }

    [TestCase("user_id", "must start with 'context.' or 'data.'")]
    [TestCase("context.user\"id", "letters, digits")]
    public void ABadFieldIsRefusedNamingIt(string field, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => new UserErasure("ada", new UserErasureOptions { Fields = [field] }));

        Assert.That(ex!.Message, Does.Contain(message).And.Contain("Fields[0]"));
    }

    [Test]
    public void AnIntegerIdIsAlsoOfferedAsANumber()
    {
        Assert.That(new UserErasure("10938").IntegerValue, Is.EqualTo(10938));
        Assert.That(new UserErasure("010938").IntegerValue, Is.Null);
        Assert.That(new UserErasure("ada").IntegerValue, Is.Null);
        Assert.Throws<ArgumentException>(() => new UserErasure(" "));
    }
}
