using EventTracking.AspNetCore.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace EventTracking.AspNetCore.Tests.Configuration;

public sealed class ConfigurationTreeTests
{
    private const string Example = """
        {
          "EventTracking": {
            "Context": { "application": "my-app", "build": { "version": "1.2.3", "tags": [ "a", "b" ] } },
            "Processors": [ { "Type": "RegexFilter", "Options": { "FilterType": "Blocklist", "Patterns": [ "^debug\\." ] } } ],
            "Backends": {
              "tracking_logs": { "Type": "Routing",
                "Processors": [ { "Type": "RegexFilter", "Options": { "FilterType": "Allowlist", "Patterns": [ "^edx\\.course\\." ] } } ],
                "Backends": { "log": { "Type": "InMemory" } } },
              "named": { "Type": "Routing",
                "Processors": [ { "Type": "NameAllowlist", "Options": { "Names": [ "page.viewed" ] } } ],
                "Backends": { "memory": { "Type": "InMemory" } } }
            }
          }
        }
        """;

    [Test]
    public void TheExampleBindsIntoTheExpectedTree()
    {
        var tracker = TrackerFromConfig.Build(Example);

        var root = tracker.Backend;
        Assert.That(root.Processors.Single(), Is.InstanceOf<RegexFilter>().With.Property(nameof(RegexFilter.FilterType)).EqualTo(RegexFilterType.Blocklist));
        Assert.That(root.Backends.Keys, Is.EqualTo(new[] { "named", "tracking_logs" }));

        var logs = (RoutingBackend)root.Backends["tracking_logs"];
        var filter = (RegexFilter)logs.Processors.Single();
        Assert.That(filter.FilterType, Is.EqualTo(RegexFilterType.Allowlist));
        Assert.That(filter.Patterns, Is.EqualTo(new[] { @"^edx\.course\." }));
        Assert.That(logs.Backends["log"], Is.InstanceOf<InMemoryBackend>());

        var named = (RoutingBackend)root.Backends["named"];
        Assert.That(((NameAllowlist)named.Processors.Single()).Names, Is.EquivalentTo(new[] { "page.viewed" }));
    }

    [Test]
    public void EventsFlowThroughTheConfiguredTreeWithTheConfiguredContext()
    {
        var tracker = TrackerFromConfig.Build(Example);
        var log = (InMemoryBackend)((RoutingBackend)tracker.Backend.Backends["tracking_logs"]).Backends["log"];
        var memory = (InMemoryBackend)((RoutingBackend)tracker.Backend.Backends["named"]).Backends["memory"];

        tracker.Emit("edx.course.enrollment.activated");
        tracker.Emit("debug.edx.course.noise");
        tracker.Emit("page.viewed");

        Assert.That(log.Events.Select(e => e.Name), Is.EqualTo(new[] { "edx.course.enrollment.activated" }));
        Assert.That(memory.Events.Select(e => e.Name), Is.EqualTo(new[] { "page.viewed" }));
        var context = memory.Events.Single().Context;
        Assert.That(context["application"], Is.EqualTo("my-app"));
        var build = (IReadOnlyDictionary<string, object?>)context["build"]!;
        Assert.That(build["version"], Is.EqualTo("1.2.3"));
        Assert.That(build["tags"], Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void CodeAndConfigurationCombineAndCodeContextWins()
    {
        var extra = new InMemoryBackend();
        var tracker = TrackerFromConfig.Build(Example, t => t
            .AddContext("application", "from-code")
            .AddRouting("extra", r => r.AddNameAllowlist("page.viewed").AddInMemory("memory", extra)));

        tracker.Emit("page.viewed");
        tracker.Emit("other");

        Assert.That(tracker.Backend.Backends.Keys, Is.EqualTo(new[] { "extra", "named", "tracking_logs" }));
        Assert.That(extra.Events.Single().Context["application"], Is.EqualTo("from-code"));
    }

    [Test]
    public void TypeNamesIgnoreCaseAsConfigurationKeysDo()
    {
        var tracker = TrackerFromConfig.Build("""{ "EventTracking": { "Backends": { "m": { "Type": "inmemory" } } } }""");

        Assert.That(tracker.Backend.Backends["m"], Is.InstanceOf<InMemoryBackend>());
    }

    [Test]
    public void ApplicationsRegisterTheirOwnTypes()
    {
        var tracker = TrackerFromConfig.Build(
            """
            { "EventTracking": {
                "Processors": [ { "Type": "Stamp", "Options": { "Key": "stamped" } } ],
                "Backends": { "mine": { "Type": "Counting", "Options": { "Label": "x" } }, "plain": { "Type": "Plain" } } } }
            """,
            t => t.AddBackendType<CountingBackend, CountingOptions>("Counting")
                .AddBackendType<PlainBackend>("Plain")
                .AddProcessorType("Stamp", ctx =>
                {
                    var key = ctx.BindOptions<StampOptions>().Key;
                    return new DelegateProcessor(e => e with { Data = new Dictionary<string, object?>(e.Data) { [key] = true } });
                }));

        tracker.Emit("x");

        var mine = (CountingBackend)tracker.Backend.Backends["mine"];
        Assert.That(mine.Options.Label, Is.EqualTo("x"));
        Assert.That(mine.Received.Single().Data["stamped"], Is.EqualTo(true));
        Assert.That(tracker.Backend.Backends["plain"], Is.InstanceOf<PlainBackend>());
    }

    [Test]
    public async Task TheTrackerIsASingletonAlsoServedAsITracker()
    {
        var services = new ServiceCollection().AddEventTracking(t => t.AddInMemory());
        await using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<ITracker>(), Is.SameAs(provider.GetRequiredService<Tracker>()));
    }

    internal sealed class CountingOptions
    {
        [System.ComponentModel.DataAnnotations.Required]
        public string? Label { get; set; }
    }

    internal sealed class CountingBackend(CountingOptions options) : IEventBackend
    {
        private readonly List<TrackingEvent> _received = [];

        public CountingOptions Options { get; } = options;

        public IReadOnlyList<TrackingEvent> Received => _received;

        public void Send(TrackingEvent evt) => _received.Add(evt);
    }

    internal sealed class PlainBackend : IEventBackend
    {
        public void Send(TrackingEvent evt)
        {
        }
    }

    internal sealed class StampOptions
    {
        public string Key { get; set; } = "stamp";
    }
}
