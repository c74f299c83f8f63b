using System.Collections.Concurrent;
using System.Diagnostics;

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
}
