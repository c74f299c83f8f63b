using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace EventTracking.OpenTelemetry.Tests;

public sealed class InstrumentationTests
{
    [Test]
    public void TheMeterProviderCollectsTheEventTrackingMeter()
    {
        var metrics = new List<Metric>();
        using var provider = Sdk.CreateMeterProviderBuilder().AddEventTrackingInstrumentation().AddInMemoryExporter(metrics).Build();
        var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["m"] = new InMemoryBackend() });

        tracker.Emit("counted");
        provider.ForceFlush();

        Assert.That(metrics.Select(m => m.Name), Does.Contain("eventtracking.events.emitted"));
    }

    [Test]
    public async Task TheTracerProviderCollectsDeliverySpans()
    {
        var spans = new List<Activity>();
        var node = "otel-" + Guid.NewGuid().ToString("N");
        using var provider = Sdk.CreateTracerProviderBuilder().AddEventTrackingInstrumentation().AddInMemoryExporter(spans).Build();
        await using var tracker = new Tracker(new Dictionary<string, IEventBackend>
        {
            ["async"] = new AsyncRoutingBackend(
                new Dictionary<string, IEventBackend> { ["memory"] = new InMemoryBackend() },
                options: new AsyncRoutingOptions { Name = node }),
        });

        tracker.Emit("traced");
        await tracker.FlushAsync();
        provider.ForceFlush();

        var span = spans.Single(s => Equals(s.GetTagItem("eventtracking.node"), node));
        Assert.That(span.DisplayName, Is.EqualTo("eventtracking.deliver"));
        Assert.That(span.GetTagItem("eventtracking.backend"), Is.EqualTo("memory"));
    }
}
