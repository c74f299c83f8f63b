using System.Collections;

namespace EventTracking.Tests.Context;

/// <summary>The merged context as backends read it: a view over the frames in force, with a merge's order and values.</summary>
public sealed class MergedContextTests
{
    private InMemoryBackend _memory = null!;
    private Tracker _tracker = null!;

    [SetUp]
    public void SetUp()
    {
        _memory = new InMemoryBackend();
        _tracker = new Tracker(
            new Dictionary<string, IEventBackend> { ["memory"] = _memory },
            options: new TrackerOptions { Context = new Dictionary<string, object?> { ["application"] = "lms", ["shared"] = "root" } });
    }

    [TearDown]
    public async Task TearDown() => await _tracker.DisposeAsync();

    [Test]
    public void KeysComeOutermostFirstEachOnceWithTheInnermostValue()
    {
        using (_tracker.Context("request", new { a = 1, shared = "request", b = 2 }))
        using (_tracker.Context("step", new { shared = "step", c = 3, a = 10 }))
        {
            _tracker.Emit("navigation.request");
        }

        var context = _memory.Events.Single().Context;
        Assert.That(context.Select(p => $"{p.Key}={p.Value}"), Is.EqualTo(new[] { "application=lms", "shared=step", "a=10", "b=2", "c=3" }));
        Assert.That(context.Keys, Is.EqualTo(new[] { "application", "shared", "a", "b", "c" }));
        Assert.That(context.Values, Is.EqualTo(new object?[] { "lms", "step", 10, 2, 3 }));
        Assert.That(context, Has.Count.EqualTo(5));
    }

    [Test]
    public void NestedAndRepeatedEnumeratorsEachReadTheirOwnPairs()
    {
        using (_tracker.Context("request", new { a = 1, b = 2 }))
        {
            _tracker.Emit("first", new { x = "one", y = "two" });
            _tracker.Emit("second", new { z = 3 });
        }

        var (first, second) = (_memory.Events[0], _memory.Events[1]);
        var seen = new List<string>();
        foreach (var (key, _) in first.Context)
        {
            foreach (var (data, _) in first.Data)
            {
                foreach (var (inner, _) in second.Data)
                {
                    seen.Add($"{key}.{data}.{inner}");
                }
            }
        }

        Assert.That(seen, Has.Count.EqualTo(4 * 2), "application, shared, a, b times x, y times z");
        Assert.That(seen[0], Is.EqualTo("application.x.z"));
        Assert.That(seen[^1], Is.EqualTo("b.y.z"));

        // An enumerator read past its end, then disposed twice: the next ones are still right.
        var enumerator = first.Data.GetEnumerator();
        while (enumerator.MoveNext())
        {
        }

        Assert.That(enumerator.MoveNext(), Is.False);
        enumerator.Dispose();
        enumerator.Dispose();
        using var one = second.Data.GetEnumerator();
        using var two = first.Context.GetEnumerator();
        Assert.That(one, Is.Not.SameAs(two));
        Assert.That(one.MoveNext() && two.MoveNext(), Is.True);
        Assert.That((one.Current.Key, two.Current.Key), Is.EqualTo(("z", "application")));
    }

    [Test]
    public void AnotherEventsContextPushedAsValuesEnumeratesAsItsPairs()
    {
        using (_tracker.Context("request", new { a = 1, shared = "request" }))
        {
            _tracker.Emit("first");
        }

        var first = _memory.Events.Single().Context;
        using (_tracker.Context("copy", first))
        using (_tracker.Context("step", new { a = 2 }))
        {
            _tracker.Emit("second");
        }

        var context = _memory.Events[1].Context;
        Assert.That(context.Select(p => $"{p.Key}={p.Value}"), Is.EqualTo(new[] { "application=lms", "shared=request", "a=2" }));
        Assert.That(context, Has.Count.EqualTo(3));
        Assert.That(context.Select(p => p.Key), Is.EqualTo(context.Keys), "a second enumeration gives the same pairs");
    }

    [Test]
    public void LookupsSeeTheInnermostFrameThatHoldsTheKey()
    {
        using (_tracker.Context("request", new { user_id = 1, course = "c1" }))
        using (_tracker.Context("step", new Dictionary<string, object?> { ["user_id"] = 2 }))
        {
            _tracker.Emit("navigation.request");
        }

        var context = _memory.Events.Single().Context;
        Assert.Multiple(() =>
        {
            Assert.That(context["user_id"], Is.EqualTo(2));
            Assert.That(context["course"], Is.EqualTo("c1"));
            Assert.That(context["shared"], Is.EqualTo("root"));
            Assert.That(context.TryGetValue("missing", out _), Is.False);
            Assert.That(context.ContainsKey("course"), Is.True);
            Assert.That(() => context["missing"], Throws.TypeOf<KeyNotFoundException>().With.Message.Contains("'missing'"));
        });
    }

    [Test]
    public void TheSerializedContextHasTheSameKeysInTheSameOrderAsTheEnumeration()
    {
        using (_tracker.Context("request", new { a = 1, shared = "request" }))
        using (_tracker.Context("step", new { address = new { city = "Boston" }, a = 2 }))
        {
            _tracker.Emit("navigation.request", new { url = "/x", n = 5 });
        }

        var json = EventJson.Serialize(_memory.Events.Single());
        Assert.That(json, Does.Contain("""
            "context":{"application":"lms","shared":"request","a":2,"address":{"city":"Boston"}},"data":{"url":"/x","n":5}}
            """));
        var read = EventJson.Parse(json);
        Assert.That(read.Context.Keys, Is.EqualTo(_memory.Events.Single().Context.Keys));
    }

    [Test]
    public void TheContextComparesAsADictionaryAndCannotBeChanged()
    {
        using (_tracker.Context("request", new { user_id = 7 }))
        {
            _tracker.Emit("navigation.request", new { url = "/x" });
        }

        var evt = _memory.Events.Single();
        Assert.That(evt.Context, Is.EqualTo(new Dictionary<string, object?> { ["user_id"] = 7, ["shared"] = "root", ["application"] = "lms" }));
        Assert.That(evt.Data, Is.EqualTo(new Dictionary<string, object?> { ["url"] = "/x" }));
        var asDictionary = (IDictionary)evt.Context;
        Assert.Multiple(() =>
        {
            Assert.That(asDictionary.IsReadOnly, Is.True);
            Assert.That(() => asDictionary["user_id"] = 8, Throws.TypeOf<NotSupportedException>());
            Assert.That(() => asDictionary.Clear(), Throws.TypeOf<NotSupportedException>());
            Assert.That(evt.Context["user_id"], Is.EqualTo(7));
        });
    }

    [Test]
    public void AnEventKeepsItsContextAfterTheScopesArePoppedAndNewOnesPushed()
    {
        var scope = _tracker.Context("request", new { user_id = 1 });
        _tracker.Emit("first");
        scope.Dispose();
        using (_tracker.Context("request", new { user_id = 2 }))
        {
            _tracker.Emit("second");
        }

        Assert.That(_memory.Events.Select(e => e.Context["user_id"]), Is.EqualTo(new object[] { 1, 2 }));
        Assert.That(_tracker.ResolveContext().Keys, Is.EquivalentTo(new[] { "application", "shared" }));
    }

    [Test]
    public void PoppingAScopeAfterAnotherAsyncLocalChangedKeepsThatChange()
    {
        var other = new AsyncLocal<string?>();
        var scope = _tracker.Context("request", new { user_id = 1 });
        other.Value = "set inside";
        scope.Dispose();
        _tracker.Emit("after");

        Assert.That(other.Value, Is.EqualTo("set inside"));
        Assert.That(_memory.Events.Single().Context.ContainsKey("user_id"), Is.False);
        other.Value = null;
    }

    [Test]
    public void PoppingAScopeRestoresTheAsyncLocalsOfTheFlowAsTheyWereBeforeIt()
    {
        var other = new AsyncLocal<string?> { Value = "before" };
        using (_tracker.Context("outer", new { outer = true }))
        {
            using (_tracker.Context("inner", new { inner = true }))
            {
                _tracker.Emit("inside");
            }

            _tracker.Emit("between");
        }

        Assert.That(other.Value, Is.EqualTo("before"));
        Assert.That(_memory.Events.Select(e => string.Join(",", e.Context.Keys)), Is.EqualTo(new[] { "application,shared,outer,inner", "application,shared,outer" }));
        Assert.That(_tracker.ResolveContext(), Has.Count.EqualTo(2));
    }

    [Test]
    public void AProcessorCopyWithItsOwnContextLeavesTheOriginalAlone()
    {
        using (_tracker.Context("request", new { user_id = 1 }))
        {
            _tracker.Emit("original");
        }

        var original = _memory.Events.Single();
        var copy = original with { Context = new Dictionary<string, object?> { ["user_id"] = 2 } };
        Assert.That(copy.Context, Is.EqualTo(new Dictionary<string, object?> { ["user_id"] = 2 }));
        Assert.That(original.Context["user_id"], Is.EqualTo(1));
        var sameContext = original with { Name = "renamed" };
        Assert.That(sameContext.Context, Is.SameAs(original.Context));
    }

    [Test]
    public void NestedAnonymousDataIsNormalizedOnceAndReadTheSameEachTime()
    {
        var tags = new List<string> { "a" };
        _tracker.Emit("nested", new { address = new { city = "Boston" }, tags });
        var evt = _memory.Events.Single();

        var first = evt.Data["tags"];
        tags.Add("b");
        Assert.That(evt.Data["tags"], Is.SameAs(first));
        Assert.That(first, Is.EqualTo(new[] { "a" }));
        Assert.That(((IReadOnlyDictionary<string, object?>)evt.Data["address"]!)["city"], Is.EqualTo("Boston"));
    }

    [TestCase(3)]
    [TestCase(12)]
    [TestCase(20)]
    public void AStackOfAnyDepthSerializesAsItEnumerates(int depth)
    {
        var scopes = new List<IDisposable>();
        for (var i = 0; i < depth; i++)
        {
            scopes.Add(_tracker.Context($"c{i}", new Dictionary<string, object?> { [$"k{i % 7}"] = i, [$"own{i}"] = true }));
        }

        _tracker.Emit("deep");
        scopes.Reverse();
        scopes.ForEach(scope => scope.Dispose());

        var evt = _memory.Events.Single();
        var expected = new Dictionary<string, object?> { ["application"] = "lms", ["shared"] = "root" };
        for (var i = 0; i < depth; i++)
        {
            expected[$"k{i % 7}"] = i;
            expected[$"own{i}"] = true;
        }

        Assert.That(evt.Context.Select(p => p.Key), Is.EqualTo(expected.Keys));
        Assert.That(evt.Context.Select(p => p.Value), Is.EqualTo(expected.Values));
        var json = System.Text.Json.JsonDocument.Parse(EventJson.Serialize(evt)).RootElement.GetProperty("context");
        Assert.That(json.EnumerateObject().Select(p => p.Name), Is.EqualTo(expected.Keys));
        Assert.That(json.GetProperty("k0").GetInt32(), Is.EqualTo(expected["k0"]));
        Assert.That(_tracker.ResolveContext().Keys, Is.EqualTo(new[] { "application", "shared" }));
    }
}
