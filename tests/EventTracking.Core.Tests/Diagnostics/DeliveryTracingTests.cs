using System.Collections.Concurrent;
using System.Diagnostics;
using EventTracking.Tests.Routing.Durable;

namespace EventTracking.Tests.Diagnostics;

public sealed class DeliveryTracingTests
{
    [Test]
    public async Task EachBatchAnAsyncNodeDeliversIsOneSpanOfTheEventTrackingSource()
    {
        var name = "traced-" + Guid.NewGuid().ToString("N");
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == EventTrackingDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (Equals(activity.GetTagItem("eventtracking.node"), name))
                {
                    spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var memory = new InMemoryBackend();
        await using var tracker = new Tracker(new Dictionary<string, IEventBackend>
        {
            ["store"] = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["memory"] = memory }, options: new AsyncRoutingOptions { Name = name }),
        });

        using (new Activity("caller").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            tracker.Emit("a");
            tracker.Emit("b");
        }

        await tracker.FlushAsync();

        Assert.That(memory.Events, Has.Count.EqualTo(2));
        Assert.That(spans, Is.Not.Empty);
        var span = spans.First();
        Assert.Multiple(() =>
        {
            Assert.That(span.OperationName, Is.EqualTo("eventtracking.deliver"));
            Assert.That(span.GetTagItem("eventtracking.backend"), Is.EqualTo("memory"));
            Assert.That(spans.Sum(s => (int)s.GetTagItem("eventtracking.batch.size")!), Is.EqualTo(2));
            Assert.That(span.Parent, Is.Null, "a delivery span is a root, not a child of whatever was current when the node started");
            Assert.That(span.Status, Is.Not.EqualTo(ActivityStatusCode.Error));
        });
    }

    [Test]
    public async Task ABatchTheInMemoryLaneDropsEndsItsSpanWithAnError()
    {
        var name = "dropped-" + Guid.NewGuid().ToString("N");
        using var spans = new DeliverySpans(name);
        await using (var tracker = new Tracker(new Dictionary<string, IEventBackend>
        {
            ["store"] = new AsyncRoutingBackend(
                new Dictionary<string, IEventBackend> { ["down"] = new ThrowingBackend() },
                options: new AsyncRoutingOptions { Name = name, MaxRetries = 0 }),
        }))
        {
            tracker.Emit("a");
            await tracker.FlushAsync();
        }

        Assert.That(spans.Stopped.Select(s => s.Status), Has.Some.EqualTo(ActivityStatusCode.Error));
    }

    [Test]
    public async Task ABatchTheDurableLaneFinallyDropsEndsItsSpanWithAnError()
    {
        var name = "durable-dropped-" + Guid.NewGuid().ToString("N");
        using var folder = new DurableTestFolder();
        using var spans = new DeliverySpans(name);
        var down = new ThrowingBackend();
        await using (var tracker = new Tracker(new Dictionary<string, IEventBackend>
        {
            ["store"] = new AsyncRoutingBackend(
                new Dictionary<string, IEventBackend> { ["down"] = down },
                options: folder.Options(name, b => b.RetryTimeLimit = TimeSpan.FromMilliseconds(1))),
        }))
        {
            tracker.Emit("a");
            await tracker.FlushAsync();
        }

        Assert.That(down.Calls, Is.GreaterThanOrEqualTo(1));
        Assert.That(spans.Stopped, Is.Not.Empty);
        Assert.That(spans.Stopped.Last().Status, Is.EqualTo(ActivityStatusCode.Error));
        Assert.That(spans.Stopped.Last().StatusDescription, Does.Contain("not delivered"));
    }

    /// <summary>Collects the delivery spans of one node.</summary>
    private sealed class DeliverySpans : IDisposable
    {
        private readonly ConcurrentQueue<Activity> _stopped = new();
        private readonly ActivityListener _listener;

        public DeliverySpans(string node)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == EventTrackingDiagnostics.ActivitySourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    if (Equals(activity.GetTagItem("eventtracking.node"), node))
                    {
                        _stopped.Enqueue(activity);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public IReadOnlyList<Activity> Stopped => [.. _stopped];

        public void Dispose() => _listener.Dispose();
    }
}
