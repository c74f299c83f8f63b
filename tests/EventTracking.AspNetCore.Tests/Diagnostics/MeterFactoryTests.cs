using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace EventTracking.AspNetCore.Tests.Diagnostics;

public sealed class MeterFactoryTests
{
    [Test]
    public async Task TheTrackerOfAddEventTrackingCountsOnTheMeterOfTheContainersMeterFactory()
    {
        var services = new ServiceCollection();
        services.AddEventTracking(t => t.AddBackend("memory", new InMemoryBackend()));
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IMeterFactory>();
        using var emitted = new MetricCollector<long>(factory, EventTrackingDiagnostics.MeterName, "eventtracking.events.emitted");
        var tracker = provider.GetRequiredService<ITracker>();

        tracker.Emit("counted");
        tracker.Emit("counted");

        Assert.That(emitted.GetMeasurementSnapshot().Sum(m => m.Value), Is.EqualTo(2));
    }
}
