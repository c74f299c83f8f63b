using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace EventTracking.Tests.Diagnostics;

/// <summary>A backend's drop counter counts on the meter that was current when the backend was built.</summary>
[NonParallelizable]
public sealed class DropCounterTests
{
    [Test]
    public void ACounterMadeInsideAFactorysScopeCountsOnThatFactorysMeterAfterTheScopeEnds()
    {
        using var factory = new MeterFactoryOfTests();
        using var onFactory = new MetricCollector<long>(factory, EventTrackingDiagnostics.MeterName, "eventtracking.events.dropped");
        EventTrackingDropCounter built;
        using (EventTrackingDiagnostics.UseMeterFactory(factory))
        {
            built = EventTrackingDiagnostics.CreateDropCounter("SomeBackend");
        }

        var outside = EventTrackingDiagnostics.CreateDropCounter("OtherBackend");
        built.Count("oversize", 3);
        outside.Count("oversize", 5);

        var measured = onFactory.GetMeasurementSnapshot();
        Assert.That(measured.Sum(m => m.Value), Is.EqualTo(3));
        Assert.That(measured[0].Tags["eventtracking.drop.reason"], Is.EqualTo("oversize"));
        Assert.That(measured[0].Tags["eventtracking.node"], Is.EqualTo("SomeBackend"));
    }

    [Test]
    public void BadArgumentsAreRefusedByName()
    {
        Assert.That(() => EventTrackingDiagnostics.CreateDropCounter(" "), Throws.ArgumentException.With.Property("ParamName").EqualTo("backend"));
        var counter = EventTrackingDiagnostics.CreateDropCounter("SomeBackend");
        Assert.That(() => counter.Count(""), Throws.ArgumentException.With.Property("ParamName").EqualTo("reason"));
        Assert.That(() => counter.Count("oversize", -1), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("count"));
    }

    private sealed class MeterFactoryOfTests : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(m => m.Dispose());
    }
}
