using System.Diagnostics;

namespace EventTracking.Tests.Diagnostics;

public sealed class TraceContextTests
{
    private InMemoryBackend _memory = null!;

    [SetUp]
    public void SetUp() => _memory = new InMemoryBackend();

    [Test]
    public void AnEventEmittedInsideAnActivityCarriesItsTraceAndSpanIds()
    {
        var tracker = Tracker();
        using var activity = new Activity("operation").SetIdFormat(ActivityIdFormat.W3C).Start();

        tracker.Emit("inside");

        var context = _memory.Events.Single().Context;
        Assert.That(context["trace_id"], Is.EqualTo(activity.TraceId.ToHexString()));
        Assert.That(context["span_id"], Is.EqualTo(activity.SpanId.ToHexString()));
    }

    [Test]
    public void EachEventCarriesTheIdsOfTheActivityAndContextInForceWhenItWasEmitted()
    {
        var tracker = Tracker();
        var seen = new List<(string Name, object? Trace, object? Span, object? User)>();
        void Emit(string name) => tracker.Emit(name);

        using (var first = new Activity("first").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            Emit("a");
            Emit("b");
            using (tracker.Context("request", new { user_id = 7 }))
            {
                Emit("c");
            }

            Emit("d");
            first.Stop();
            using var second = new Activity("second").SetIdFormat(ActivityIdFormat.W3C).Start();
            Emit("e");
            second.Stop();
        }

        Emit("f");
        foreach (var evt in _memory.Events)
        {
            seen.Add((evt.Name, evt.Context.GetValueOrDefault("trace_id"), evt.Context.GetValueOrDefault("span_id"), evt.Context.GetValueOrDefault("user_id")));
        }

        Assert.That(seen.Select(s => s.Name), Is.EqualTo(new[] { "a", "b", "c", "d", "e", "f" }));
        Assert.That(seen[1].Span, Is.EqualTo(seen[0].Span), "the same activity, the same ids");
        Assert.That((seen[2].Span, seen[2].User), Is.EqualTo((seen[0].Span, (object?)7)), "a context pushed inside the activity is kept");
        Assert.That((seen[3].Span, seen[3].User), Is.EqualTo((seen[0].Span, (object?)null)), "and gone once popped");
        Assert.That(seen[4].Span, Is.Not.Null.And.Not.EqualTo(seen[0].Span), "another activity, its own span");
        Assert.That(seen[4].Trace, Is.Not.EqualTo(seen[0].Trace), "a root activity starts its own trace");
        Assert.That((seen[5].Trace, seen[5].Span), Is.EqualTo(((object?)null, (object?)null)), "no activity, no ids");
    }

    [Test]
    public void AnEventEmittedOutsideAnyActivityCarriesNoIds()
    {
        Assume.That(Activity.Current, Is.Null);
        var tracker = Tracker();

        tracker.Emit("outside");

        Assert.That(_memory.Events.Single().Context.Keys, Has.None.EqualTo("trace_id").And.None.EqualTo("span_id"));
    }

    [Test]
    public void TheIdsAreThoseOfTheInnermostActivityAndLeaveTheContextStackAlone()
    {
        var tracker = Tracker();
        using var outer = new Activity("outer").SetIdFormat(ActivityIdFormat.W3C).Start();
        using var scope = tracker.Context("request", new Dictionary<string, object?> { ["trace_id"] = "mine", ["user_id"] = 7 });
        using (var inner = new Activity("inner").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            tracker.Emit("inner");
            Assert.That(_memory.Events[0].Context["span_id"], Is.EqualTo(inner.SpanId.ToHexString()));
        }

        tracker.Emit("outer");

        Assert.That(_memory.Events[1].Context["span_id"], Is.EqualTo(outer.SpanId.ToHexString()));
        Assert.That(_memory.Events[1].Context["trace_id"], Is.EqualTo(outer.TraceId.ToHexString()));
        Assert.That(_memory.Events[1].Context["user_id"], Is.EqualTo(7));
        Assert.That(tracker.ResolveContext()["trace_id"], Is.EqualTo("mine"), "the ids are the event's, not a frame on the stack");
    }

    [Test]
    public void TheIdsCanBeTurnedOff()
    {
        var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["m"] = _memory }, options: new TrackerOptions { CaptureTraceContext = false });
        using var activity = new Activity("operation").SetIdFormat(ActivityIdFormat.W3C).Start();

        tracker.Emit("inside");

        Assert.That(_memory.Events.Single().Context, Is.Empty);
    }

    private Tracker Tracker() => new(new Dictionary<string, IEventBackend> { ["m"] = _memory });
}
