using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace EventTracking.Tests.Diagnostics;

public sealed class DiagnosticsTests
{
    [Test]
    public void FaultsAreLoggedThroughTheGivenLoggerFactoryAndEmitDoesNotThrow()
    {
        using var provider = new FakeLoggerProvider();
        using var factory = new LoggerFactory([provider]);
        var nested = new RoutingBackend([new("broken", new ThrowingBackend())], [new DelegateProcessor(_ => throw new FormatException("bad processor"))]);
        var tracker = new Tracker(new RoutingBackend([new("nested", nested)]), new TrackerOptions { LoggerFactory = factory });

        Assert.DoesNotThrow(() => tracker.Emit("diagnostics.fault"));

        var records = provider.Collector.GetSnapshot();
        Assert.That(records, Has.Count.EqualTo(2));
        Assert.That(records[0].Level, Is.EqualTo(LogLevel.Error));
        Assert.That(records[0].Exception, Is.TypeOf<FormatException>());
        Assert.That(records[0].Message, Does.Contain("DelegateProcessor").And.Contain("diagnostics.fault"));
        Assert.That(records[1].Exception, Is.TypeOf<InvalidOperationException>());
        Assert.That(records[1].Message, Does.Contain("'broken'"));
        Assert.That(records[1].Category, Is.EqualTo(EventTrackingDiagnostics.LoggerCategory));
    }

    [Test]
    public void EmittedDroppedAndFailedEventsAreCountedOnTheEventTrackingMeter()
    {
        using var emitted = new MetricCollector<long>(null, EventTrackingDiagnostics.MeterName, "eventtracking.events.emitted");
        using var dropped = new MetricCollector<long>(null, EventTrackingDiagnostics.MeterName, "eventtracking.events.dropped");
        using var processorFailures = new MetricCollector<long>(null, EventTrackingDiagnostics.MeterName, "eventtracking.processor.failures");
        using var backendFailures = new MetricCollector<long>(null, EventTrackingDiagnostics.MeterName, "eventtracking.backend.failures");
        var backendName = "failing-" + Guid.NewGuid().ToString("N");
        var tracker = new Tracker(
            new Dictionary<string, IEventBackend> { [backendName] = new ThrowingBackend() },
            [new DropNamed("drop.me"), new DelegateProcessor(e => e.Name == "fail.processor" ? throw new InvalidOperationException() : e)]);

        tracker.Emit("drop.me");
        tracker.Emit("fail.processor");
        tracker.Emit("ok");

        Assert.That(emitted.GetMeasurementSnapshot().EvaluateAsCounter(), Is.GreaterThanOrEqualTo(3));
        Assert.That(Sum(dropped, "eventtracking.node", nameof(DropNamed)), Is.EqualTo(1));
        Assert.That(dropped.GetMeasurementSnapshot().First(m => Equals(m.Tags["eventtracking.node"], nameof(DropNamed))).Tags["eventtracking.drop.reason"], Is.EqualTo("processor"));
        Assert.That(processorFailures.GetMeasurementSnapshot().Any(m => Equals(m.Tags["eventtracking.processor"], nameof(DelegateProcessor))), Is.True);
        Assert.That(Sum(backendFailures, "eventtracking.backend", backendName), Is.EqualTo(2));
    }

    private static long Sum(MetricCollector<long> collector, string tag, string value) =>
        collector.GetMeasurementSnapshot().Where(m => Equals(m.Tags[tag], value)).Sum(m => m.Value);

    private sealed class DropNamed(string name) : IEventProcessor
    {
        public TrackingEvent? Process(TrackingEvent evt) => evt.Name == name ? null : evt;
    }
}
