using EventTracking.AspNetCore.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EventTracking.AspNetCore.Tests.Configuration;

/// <summary>
/// The AOT-safe binding: a bind delegate written where the options type is known (the configuration binding generator
/// replaces it in our packages) keeps the strict checks of the reflection path.
/// </summary>
public sealed class TypedBindingTests
{
    [Test]
    public void AnApplicationTypeBoundWithADelegateGetsItsOptionsThroughTheConstructor()
    {
        var tracker = TrackerFromConfig.Build(
            """{ "EventTracking": { "Backends": { "mine": { "Type": "Counting", "Options": { "Label": "x" } } } } }""",
            t => t.AddBackendType<ConfigurationTreeTests.CountingBackend, ConfigurationTreeTests.CountingOptions>("Counting", static (section, o) => section.Bind(o)));

        Assert.That(((ConfigurationTreeTests.CountingBackend)tracker.Backend.Backends["mine"]).Options.Label, Is.EqualTo("x"));
    }

    [Test]
    public void AnUnknownOptionOfADelegateBoundTypeNamesItsPathAndTheKnownOptions()
    {
        var errors = TrackerFromConfig.Errors(
            """{ "EventTracking": { "Processors": [ { "Type": "Tag", "Options": { "Key": "k", "Vlaue": "v" } } ] } }""",
            t => t.AddProcessorType<TagProcessor, TagOptions>("Tag", static (section, o) => section.Bind(o)));

        Assert.That(errors.Single(), Is.EqualTo("EventTracking:Processors:0:Options:Vlaue is not an option of Tag; known options: Key, Value, Times."));
    }

    [Test]
    public void AValueADelegateCannotConvertNamesItsPath()
    {
        var errors = TrackerFromConfig.Errors(
            """{ "EventTracking": { "Processors": [ { "Type": "Tag", "Options": { "Times": "twice" } } ] } }""",
            t => t.AddProcessorType<TagProcessor, TagOptions>("Tag", static (section, o) => section.Bind(o)));

        Assert.That(errors.Single(), Does.StartWith("EventTracking:Processors:0:Options:Times: "));
    }

    [Test]
    public void AValueOurGeneratedBinderCannotConvertNamesItsPathAndValue()
    {
        // Sqlite's Options bind through code the configuration binding generator wrote into EventTracking.Sqlite.
        var errors = TrackerFromConfig.Errors("""{ "EventTracking": { "Backends": { "db": { "Type": "Sqlite", "Options": { "Synchronous": "Sometimes" } } } } }""");

        Assert.That(errors.Single(), Does.StartWith("EventTracking:Backends:db:Options:Synchronous: ").And.Contain("'Sometimes'"));
    }

    [Test]
    public void AnUnknownOptionOfAGeneratedBinderListsTheKnownOptions()
    {
        var errors = TrackerFromConfig.Errors("""{ "EventTracking": { "Backends": { "db": { "Type": "Sqlite", "Options": { "Pth": "x.db" } } } } }""");

        Assert.That(errors.Single(), Does.StartWith("EventTracking:Backends:db:Options:Pth is not an option of Sqlite; known options: Path, "));
    }

    [Test]
    public void ARequestContextValueOutOfItsAnnotatedRangeNamesItsPathAsTheReflectionBinderDid()
    {
        using var host = new HostBuilder()
            .ConfigureServices(s => s.AddEventTracking(TrackerFromConfig.Json("""{ "EventTracking": { "RequestContext": { "IPv4PrefixLength": 40 } } }""").GetSection("EventTracking")))
            .Build();

        Assert.That(
            async () => await host.StartAsync(),
            Throws.TypeOf<EventTrackingConfigurationException>().With.Message.EqualTo("EventTracking:RequestContext:IPv4PrefixLength: The field IPv4PrefixLength must be between 0 and 32."));
    }

    internal sealed class TagOptions
    {
        public string Key { get; set; } = "tag";

        public string Value { get; set; } = "yes";

        public int Times { get; set; } = 1;
    }

    internal sealed class TagProcessor(TagOptions options) : IEventProcessor
    {
        public TrackingEvent? Process(TrackingEvent evt) =>
            evt with { Data = new Dictionary<string, object?>(evt.Data) { [options.Key] = options.Value } };
    }
}
