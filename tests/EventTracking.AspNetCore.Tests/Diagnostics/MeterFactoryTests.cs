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

    [Test]
    public async Task TwoContainersInOneProcessEachCountOnlyTheirOwnTrackersEventsAndQueues()
    {
        await using var first = Build(new AsyncRoutingOptions { Name = "first-node" });
        await using var second = Build(new AsyncRoutingOptions { Name = "second-node" });
        using var firstEmitted = new MetricCollector<long>(first.GetRequiredService<IMeterFactory>(), EventTrackingDiagnostics.MeterName, "eventtracking.events.emitted");
        using var secondEmitted = new MetricCollector<long>(second.GetRequiredService<IMeterFactory>(), EventTrackingDiagnostics.MeterName, "eventtracking.events.emitted");
        using var firstDelivered = new MetricCollector<long>(first.GetRequiredService<IMeterFactory>(), EventTrackingDiagnostics.MeterName, "eventtracking.events.delivered");
        using var secondQueue = new MetricCollector<long>(second.GetRequiredService<IMeterFactory>(), EventTrackingDiagnostics.MeterName, "eventtracking.queue.depth");

        // Both trackers are built before either emits: the second container's build must not take over the first's.
        var firstTracker = first.GetRequiredService<ITracker>();
        var secondTracker = second.GetRequiredService<ITracker>();
        firstTracker.Emit("one");
        firstTracker.Emit("one");
        secondTracker.Emit("two");
        await firstTracker.FlushAsync(CancellationToken.None);
        await secondTracker.FlushAsync(CancellationToken.None);
        secondQueue.RecordObservableInstruments();

        Assert.That(firstEmitted.GetMeasurementSnapshot().Sum(m => m.Value), Is.EqualTo(2));
        Assert.That(secondEmitted.GetMeasurementSnapshot().Sum(m => m.Value), Is.EqualTo(1));
        Assert.That(firstDelivered.GetMeasurementSnapshot().Select(m => m.Tags["eventtracking.node"]).Distinct(), Is.EqualTo(new[] { "first-node" }));
        Assert.That(secondQueue.GetMeasurementSnapshot().Select(m => m.Tags["eventtracking.node"]), Is.EqualTo(new[] { "second-node" }), "only the second container's node");
    }

    [Test]
    public async Task ATrackerBuiltWithoutAContainerCountsOnTheLibrarysOwnMeterNotOnAContainers()
    {
        await using var provider = Build(new AsyncRoutingOptions { Name = "contained" });
        using var contained = new MetricCollector<long>(provider.GetRequiredService<IMeterFactory>(), EventTrackingDiagnostics.MeterName, "eventtracking.events.emitted");
        _ = provider.GetRequiredService<ITracker>();
        var library = new List<long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == EventTrackingDiagnostics.MeterName && instrument.Meter.Scope is null && instrument.Name == "eventtracking.events.emitted")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => library.Add(value));
        listener.Start();
        await using var plain = new Tracker(new Dictionary<string, IEventBackend> { ["memory"] = new InMemoryBackend() });

        plain.Emit("plain");

        Assert.That(library.Sum(), Is.EqualTo(1));
        Assert.That(contained.GetMeasurementSnapshot(), Is.Empty);
    }

    [Test]
    public async Task AnAsyncNodeAndABackendBuiltBeforeTheContainerCountOnTheContainersMeterNotOnTheLibrarys()
    {
        // Both constructed before the container exists (in Program.cs, say) and added as instances.
        var sink = new CollectingSerilogSink();
        var serilog = new SerilogBackend(new Serilog.LoggerConfiguration().WriteTo.Sink(sink).CreateLogger(), new SerilogBackendOptions { MaxEventSize = 300 });
        var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["memory"] = new InMemoryBackend() }, options: new AsyncRoutingOptions { Name = "built-early" });
        var library = new List<(string Name, object? Node)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == EventTrackingDiagnostics.MeterName && instrument.Meter.Scope is null)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "eventtracking.node" && (Equals(tag.Value, "built-early") || Equals(tag.Value, nameof(SerilogBackend))))
                {
                    lock (library)
                    {
                        library.Add((instrument.Name, tag.Value));
                    }
                }
            }
        });
        listener.Start();
        var services = new ServiceCollection();
        services.AddEventTracking(t => t.AddBackend("node", node).AddBackend("log", serilog));
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IMeterFactory>();
        using var delivered = new MetricCollector<long>(factory, EventTrackingDiagnostics.MeterName, "eventtracking.events.delivered");
        using var dropped = new MetricCollector<long>(factory, EventTrackingDiagnostics.MeterName, "eventtracking.events.dropped");
        using var depth = new MetricCollector<long>(factory, EventTrackingDiagnostics.MeterName, "eventtracking.queue.depth");
        var tracker = provider.GetRequiredService<ITracker>();

        tracker.Emit("small");
        tracker.Emit("too.big", new { text = new string('x', 500) });
        await tracker.FlushAsync(CancellationToken.None);
        depth.RecordObservableInstruments();
        listener.RecordObservableInstruments();

        Assert.That(delivered.GetMeasurementSnapshot().Where(m => Equals(m.Tags["eventtracking.node"], "built-early")).Sum(m => m.Value), Is.EqualTo(2));
        Assert.That(depth.GetMeasurementSnapshot().Select(m => m.Tags["eventtracking.node"]), Has.Member("built-early"));
        Assert.That(dropped.GetMeasurementSnapshot().Where(m => Equals(m.Tags["eventtracking.node"], nameof(SerilogBackend))).Sum(m => m.Value), Is.EqualTo(1));
        Assert.That(library, Is.Empty, "nothing of the tree on the library's own meter");
    }

    private sealed class CollectingSerilogSink : Serilog.Core.ILogEventSink
    {
        public void Emit(Serilog.Events.LogEvent logEvent)
        {
        }
    }

    private static ServiceProvider Build(AsyncRoutingOptions options)
    {
        var services = new ServiceCollection();
        // Built by the container (a factory, as a configured backend is), so on the container's meter.
        services.AddEventTracking(t => t.AddBackend("node", _ => new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["memory"] = new InMemoryBackend() }, options: options)));
        return services.BuildServiceProvider();
    }
}
