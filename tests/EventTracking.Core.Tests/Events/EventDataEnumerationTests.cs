namespace EventTracking.Core.Tests.Events;

/// <summary>
/// An emitted event's anonymous-object data is read through a view that is its own first enumerator on the thread that
/// made it; every enumeration, however it overlaps with others, must still see every pair.
/// </summary>
public sealed class EventDataEnumerationTests
{
    private static readonly KeyValuePair<string, object?>[] Expected = [new("url", "/a"), new("status", 200), new("ok", true)];

    [Test]
    public void EnumeratingTwiceInARowSeesEveryPairEachTime()
    {
        var data = Emit().Data;

        Assert.That(data.ToList(), Is.EqualTo(Expected));
        Assert.That(data.ToList(), Is.EqualTo(Expected));
    }

    [Test]
    public void NestedEnumerationsOfTheSameDataDoNotDisturbEachOther()
    {
        var data = Emit().Data;
        var pairs = new List<(string Outer, string Inner)>();
        foreach (var outer in data)
        {
            foreach (var inner in data)
            {
                pairs.Add((outer.Key, inner.Key));
            }
        }

        var keys = Expected.Select(p => p.Key).ToList();
        Assert.That(pairs, Is.EqualTo(keys.SelectMany(o => keys.Select(i => (o, i))).ToList()));
    }

    [Test]
    public async Task AnotherThreadEnumeratingWhileTheFirstIsHalfwaySeesEveryPair()
    {
        var data = Emit().Data;
        using var first = data.GetEnumerator();
        Assert.That(first.MoveNext(), Is.True);

        var seenElsewhere = await Task.Run(() => data.ToList());

        var rest = new List<KeyValuePair<string, object?>> { first.Current };
        while (first.MoveNext())
        {
            rest.Add(first.Current);
        }

        Assert.That(seenElsewhere, Is.EqualTo(Expected));
        Assert.That(rest, Is.EqualTo(Expected));
    }

    [Test]
    public void ADisposedEnumeratorHasNothingMore()
    {
        var data = Emit().Data;
        var enumerator = data.GetEnumerator();
        Assert.That(enumerator.MoveNext(), Is.True);

        enumerator.Dispose();

        Assert.That(enumerator.MoveNext(), Is.False);
        Assert.Throws<InvalidOperationException>(() => _ = enumerator.Current);
        Assert.That(data.ToList(), Is.EqualTo(Expected));
    }

    [Test]
    public void CurrentBeforeTheFirstMoveNextIsAnInvalidOperation()
    {
        using var enumerator = Emit().Data.GetEnumerator();

        Assert.Throws<InvalidOperationException>(() => _ = enumerator.Current);
    }

    [Test]
    public void ResetIsNotSupported()
    {
        using var enumerator = Emit().Data.GetEnumerator();

        Assert.Throws<NotSupportedException>(enumerator.Reset);
    }

    private static TrackingEvent Emit()
    {
        var memory = new InMemoryBackend();
        var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["memory"] = memory });
        tracker.Emit("page.view", new { url = "/a", status = 200, ok = true });
        return memory.Events.Single();
    }
}
