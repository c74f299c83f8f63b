using Microsoft.Extensions.Time.Testing;

namespace EventTracking.Tests;

public sealed class TrackerTests
{
    private InMemoryBackend _memory = null!;
    private Tracker _tracker = null!;

    [SetUp]
    public void SetUp()
    {
        _memory = new InMemoryBackend();
        _tracker = new Tracker(new Dictionary<string, IEventBackend> { ["memory"] = _memory });
    }

    [TearDown]
    public async Task TearDown() => await _tracker.DisposeAsync();

    [Test]
    public void EmitWithoutNameOrDataSendsAnUnknownEventWithEmptyData()
    {
        _tracker.Emit(null);

        var evt = _memory.Events.Single();
        Assert.That(evt.Name, Is.EqualTo("unknown"));
        Assert.That(evt.Data, Is.Empty);
        Assert.That(evt.Context, Is.Empty);
    }

    [Test]
    public void EmitStampsATimeOrderedIdAndAUtcTimestampWithMicrosecondPrecision()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567));
        var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["memory"] = _memory }, options: new TrackerOptions { TimeProvider = clock });

        tracker.Emit("first");
        clock.Advance(TimeSpan.FromMilliseconds(5));
        tracker.Emit("second");

        var (first, second) = (_memory.Events[0], _memory.Events[1]);
        Assert.That(first.Timestamp, Is.EqualTo(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero).AddTicks(1_234_560)));
        Assert.That(first.Timestamp.Offset, Is.EqualTo(TimeSpan.Zero));
        Assert.That(first.Id.Version, Is.EqualTo(7));
        Assert.That(first.Id.CompareTo(second.Id), Is.LessThan(0), "ids sort by time");
    }

    [Test]
    public void EmitInsideAContextCarriesItsValues()
    {
        using (_tracker.Context("request", new { user_id = 10938 }))
        {
            _tracker.Emit("navigation.request", new { url = "http://www.edx.org/some/path/1" });
        }

        var evt = _memory.Events.Single();
        Assert.That(evt.Context, Is.EquivalentTo(new Dictionary<string, object?> { ["user_id"] = 10938 }));
        Assert.That(evt.Data["url"], Is.EqualTo("http://www.edx.org/some/path/1"));
    }

    [Test]
    public void AnInnerContextOverridesSharedKeysAndKeepsTheOthers()
    {
        using (_tracker.Context("outer", new { user_id = 10938, course_id = "edX/101" }))
        {
            using (_tracker.Context("inner", new { user_id = 11111, session_id = "2987lkjdyoioey" }))
            {
                _tracker.Emit("inner");
            }

            _tracker.Emit("outer");
        }

        Assert.That(_memory.Events[0].Context, Is.EquivalentTo(new Dictionary<string, object?>
        {
            ["user_id"] = 11111, ["course_id"] = "edX/101", ["session_id"] = "2987lkjdyoioey",
        }));
        Assert.That(_memory.Events[1].Context, Is.EquivalentTo(new Dictionary<string, object?>
        {
            ["user_id"] = 10938, ["course_id"] = "edX/101",
        }));
    }

    [Test]
    public void AnExceptionInsideAContextBlockLeavesTheContextRemoved()
    {
        Assert.Throws<InvalidOperationException>(() =>
        {
            using (_tracker.Context("request", new { user_id = 1 }))
            {
                throw new InvalidOperationException("handler failed");
            }
        });

        Assert.That(_tracker.ResolveContext(), Is.Empty);
    }

    [Test]
    public void EnterAndExitContextPairUp()
    {
        _tracker.EnterContext("outer", new { a = 1 });
        _tracker.EnterContext("inner", new { b = 2 });
        Assert.That(_tracker.ResolveContext().Keys, Is.EquivalentTo(new[] { "a", "b" }));

        _tracker.ExitContext("inner");
        Assert.That(_tracker.ResolveContext().Keys, Is.EquivalentTo(new[] { "a" }));

        _tracker.ExitContext("outer");
        Assert.That(_tracker.ResolveContext(), Is.Empty);
    }

    [Test]
    public void ExitingAContextThatWasNeverEnteredThrowsNamingIt()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => _tracker.ExitContext("missing"));
        Assert.That(ex!.Message, Does.Contain("'missing'"));
    }

    [Test]
    public void DisposingScopesOutOfOrderRemovesTheRightFrame()
    {
        var outer = _tracker.Context("outer", new { a = 1, shared = "outer" });
        var inner = _tracker.Context("inner", new { b = 2, shared = "inner" });

        outer.Dispose();
        Assert.That(_tracker.ResolveContext(), Is.EquivalentTo(new Dictionary<string, object?> { ["b"] = 2, ["shared"] = "inner" }));

        inner.Dispose();
        Assert.That(_tracker.ResolveContext(), Is.Empty);
    }

    [Test]
    public void DisposingAScopeTwiceRemovesOnlyItsOwnFrame()
    {
        using var keep = _tracker.Context("keep", new { a = 1 });
        var scope = _tracker.Context("same", new { b = 2 });
        scope.Dispose();
        scope.Dispose();

        Assert.That(_tracker.ResolveContext().Keys, Is.EquivalentTo(new[] { "a" }));
    }

    [Test]
    public void ExitContextRemovesTheInnermostFrameOfThatName()
    {
        _tracker.EnterContext("frame", new { level = 1 });
        _tracker.EnterContext("frame", new { level = 2 });

        _tracker.ExitContext("frame");

        Assert.That(_tracker.ResolveContext()["level"], Is.EqualTo(1));
    }

    [Test]
    public void AProcessWideContextAppearsInEveryEventBeneathRequestContexts()
    {
        var tracker = new Tracker(
            new Dictionary<string, IEventBackend> { ["memory"] = _memory },
            options: new TrackerOptions { Context = new { application = "lms", host = "web-1" } });

        tracker.Emit("bare");
        using (tracker.Context("request", new { host = "override", user_id = 5 }))
        {
            tracker.Emit("in-request");
        }

        Assert.That(_memory.Events[0].Context, Is.EquivalentTo(new Dictionary<string, object?> { ["application"] = "lms", ["host"] = "web-1" }));
        Assert.That(_memory.Events[1].Context, Is.EquivalentTo(new Dictionary<string, object?>
        {
            ["application"] = "lms", ["host"] = "override", ["user_id"] = 5,
        }));
    }

    [Test]
    public void ContextValuesMayBeDictionariesOrKeyValuePairs()
    {
        using (_tracker.Context("dict", new Dictionary<string, object?> { ["a"] = 1 }))
        using (_tracker.Context("pairs", new[] { new KeyValuePair<string, int>("b", 2) }))
        {
            _tracker.Emit("x");
        }

        Assert.That(_memory.Events.Single().Context, Is.EquivalentTo(new Dictionary<string, object?> { ["a"] = 1, ["b"] = 2 }));
    }

    [Test]
    public void ChangingADictionaryAfterEmitDoesNotChangeTheEvent()
    {
        var data = new Dictionary<string, object?> { ["count"] = 1, ["tags"] = new List<string> { "a" } };
        _tracker.Emit("x", data);
        data["count"] = 2;
        ((List<string>)data["tags"]!).Add("b");

        var evt = _memory.Events.Single();
        Assert.That(evt.Data["count"], Is.EqualTo(1));
        Assert.That((IReadOnlyList<object?>)evt.Data["tags"]!, Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public void DataThatIsNotObjectShapedIsRejectedWithAClearError()
    {
        var ex = Assert.Throws<ArgumentException>(() => _tracker.Emit("x", 42));
        Assert.That(ex!.Message, Does.Contain("System.Int32"));
        Assert.That(_memory.Count, Is.Zero);
    }

    [Test]
    public void TheRootRouterAcceptsBackendsAfterConstruction()
    {
        var later = new InMemoryBackend();
        _tracker.Backend.RegisterBackend("later", later);

        _tracker.Emit("x");

        Assert.That(later.Count, Is.EqualTo(1));
        Assert.That(_memory.Count, Is.EqualTo(1));
    }
}
