using EventTracking.AspNetCore.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace EventTracking.AspNetCore.Tests.Configuration;

public sealed class ConfigurationErrorTests
{
    [Test]
    public void AnUnknownTypeNamesThePathAndListsTheKnownTypes()
    {
        var errors = TrackerFromConfig.Errors("""{ "EventTracking": { "Backends": { "store": { "Type": "Cassandra" } } } }""");

        Assert.That(errors, Is.EqualTo(new[]
        {
            "EventTracking:Backends:store:Type 'Cassandra' is not a known backend type; known backend types: AsyncRouting, Http, InMemory, Mongo, PostgreSql, RedisStream, Routing, Serilog, Sqlite.",
        }));
    }

    [Test]
    public void ATypeFromAPackageTheAppDoesNotReferenceNamesThePackage()
    {
        // This test project references the Sqlite, MongoDB, Serilog and Http packages, not EventTracking.Redis.
        var errors = TrackerFromConfig.Errors("""{ "EventTracking": { "Backends": { "bus": { "Type": "RedisStream" } } } }""");

        Assert.That(errors.Single(), Is.EqualTo(
            "EventTracking:Backends:bus:Type: The type 'RedisStream' comes with the package EventTracking.Redis, which this application does not reference; add it with `dotnet add package EventTracking.Redis`."));
    }

    [Test]
    public void ATypeFromAReferencedPackageIsFoundWithoutCodeNamingIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"et-{Guid.NewGuid():N}.db");
        var errors = TrackerFromConfig.Errors($$"""{ "EventTracking": { "Backends": { "db": { "Type": "sqlite", "Options": { "Path": "{{path.Replace("\\", "/")}}" } } } } }""");

        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void AMissingTypeNamesThePath()
    {
        var errors = TrackerFromConfig.Errors("""{ "EventTracking": { "Backends": { "store": { "Options": { "Path": "x" } } } } }""");

        Assert.That(errors.Single(), Does.StartWith("EventTracking:Backends:store:Type is missing"));
    }

    [Test]
    public void AProcessorTypeUsedAsABackendSaysSo()
    {
        var errors = TrackerFromConfig.Errors("""{ "EventTracking": { "Backends": { "f": { "Type": "RegexFilter" } } } }""");

        Assert.That(errors.Single(), Does.StartWith("EventTracking:Backends:f:Type 'RegexFilter' is a processor type, not a backend type"));
    }

    [Test]
    public void AnUnknownProcessorTypeNamesItsIndex()
    {
        var errors = TrackerFromConfig.Errors("""{ "EventTracking": { "Processors": [ { "Type": "NameAllowlist", "Options": { "Names": [ "a" ] } }, { "Type": "Encrypt" } ] } }""");

        Assert.That(errors.Single(), Is.EqualTo("EventTracking:Processors:1:Type 'Encrypt' is not a known processor type; known processor types: Consent, NameAllowlist, Redact, RegexFilter, Sample."));
    }

    [Test]
    public void AMisspelledNodeKeyIsAnError()
    {
        var errors = TrackerFromConfig.Errors("""{ "EventTracking": { "Backends": { "m": { "Type": "InMemory", "Option": { } , "Backend": { "x": 1 } } } } }""");

        Assert.That(errors, Is.EqualTo(new[]
        {
            "EventTracking:Backends:m:Backend is not a key of a backend; expected Type, Options, Processors, Backends.",
            "EventTracking:Backends:m:Option is not a key of a backend; expected Type, Options, Processors, Backends.",
        }));
    }

    [Test]
    public void AMisspelledTopLevelKeyIsAnError()
    {
        var errors = TrackerFromConfig.Errors("""{ "EventTracking": { "Backend": { "m": { "Type": "InMemory" } } } }""");

        Assert.That(errors.Single(), Does.StartWith("EventTracking:Backend is not a key of the EventTracking section"));
    }

    [Test]
    public void AnUnknownOptionNamesItsPathAndTheKnownOptions()
    {
        var errors = TrackerFromConfig.Errors("""{ "EventTracking": { "Processors": [ { "Type": "RegexFilter", "Options": { "Pattern": [ "^a" ] } } ] } }""");

        Assert.That(errors.Single(), Is.EqualTo("EventTracking:Processors:0:Options:Pattern is not an option of RegexFilter; known options: FilterType, Patterns."));
    }

    [Test]
    public void OptionsOfATypeThatTakesNoneAreAnError()
    {
        var errors = TrackerFromConfig.Errors("""{ "EventTracking": { "Backends": { "m": { "Type": "InMemory", "Options": { "Capacity": 3 } } } } }""");

        Assert.That(errors.Single(), Is.EqualTo("EventTracking:Backends:m:Options:Capacity is not an option of InMemory; InMemory takes no options."));
    }

    [Test]
    public void AValueThatCannotBeConvertedNamesItsPath()
    {
        var errors = TrackerFromConfig.Errors("""{ "EventTracking": { "Processors": [ { "Type": "RegexFilter", "Options": { "FilterType": "Sometimes", "Patterns": [ "^a" ] } } ] } }""");

        Assert.That(errors.Single(), Does.StartWith("EventTracking:Processors:0:Options:FilterType: ").And.Contain("'Sometimes'"));
    }

    [Test]
    public void AnInvalidRegularExpressionNamesItsIndex()
    {
        var errors = TrackerFromConfig.Errors("""{ "EventTracking": { "Processors": [ { "Type": "RegexFilter", "Options": { "Patterns": [ "^a", "b(" ] } } ] } }""");

        Assert.That(errors.Single(), Does.StartWith("EventTracking:Processors:0:Options:Patterns:1 is not a valid regular expression"));
    }

    [Test]
    public void AFilterWithoutPatternsIsAnError()
    {
        var errors = TrackerFromConfig.Errors("""{ "EventTracking": { "Processors": [ { "Type": "RegexFilter" } ] } }""");

        Assert.That(errors.Single(), Is.EqualTo("EventTracking:Processors:0:Options:Patterns must list at least one pattern"));
    }

    [Test]
    public void ALeafBackendCannotHaveChildren()
    {
        var errors = TrackerFromConfig.Errors("""{ "EventTracking": { "Backends": { "m": { "Type": "InMemory", "Backends": { "x": { "Type": "InMemory" } } } } } }""");

        Assert.That(errors.Single(), Does.StartWith("EventTracking:Backends:m:Backends is not allowed: a InMemory backend has no backends"));
    }

    [Test]
    public void AFailedDataAnnotationNamesItsPath()
    {
        var errors = TrackerFromConfig.Errors(
            """{ "EventTracking": { "Backends": { "mine": { "Type": "Counting" } } } }""",
            t => t.AddBackendType<ConfigurationTreeTests.CountingBackend, ConfigurationTreeTests.CountingOptions>("Counting"));

        Assert.That(errors.Single(), Does.StartWith("EventTracking:Backends:mine:Options:Label: "));
    }

    [Test]
    public void AFactoryCanReportAnInvalidValueWithItsPath()
    {
        var errors = TrackerFromConfig.Errors(
            """{ "EventTracking": { "Backends": { "store": { "Type": "Queue", "Options": { "Capacity": 0 } } } } }""",
            t => t.AddBackendType("Queue", ctx =>
            {
                var options = ctx.BindOptions<QueueOptions>();
                return options.Capacity > 0 ? new InMemoryBackend() : throw ctx.OptionError(nameof(options.Capacity), "must be > 0");
            }));

        Assert.That(errors.Single(), Is.EqualTo("EventTracking:Backends:store:Options:Capacity must be > 0"));
    }

    [Test]
    public void EveryMistakeIsReportedAtOnce()
    {
        var errors = TrackerFromConfig.Errors("""
            { "EventTracking": {
                "Processors": [ { "Type": "Nope" } ],
                "Backends": {
                  "a": { "Type": "Nope" },
                  "b": { "Type": "Routing", "Backends": { "c": { } } } } } }
            """);

        Assert.That(errors, Has.Count.EqualTo(3));
        Assert.That(errors, Has.Some.StartWith("EventTracking:Processors:0:Type"));
        Assert.That(errors, Has.Some.StartWith("EventTracking:Backends:a:Type"));
        Assert.That(errors, Has.Some.StartWith("EventTracking:Backends:b:Backends:c:Type is missing"));
    }

    [Test]
    public void ABackendConfiguredAndAddedInCodeUnderOneNameIsAnError()
    {
        Assert.That(
            () => TrackerFromConfig.Build("""{ "EventTracking": { "Backends": { "m": { "Type": "InMemory" } } } }""", t => t.AddInMemory("m")),
            Throws.TypeOf<EventTrackingConfigurationException>().With.Message.StartsWith("EventTracking:Backends:m is configured, and a backend of the same name is also added in code"));
    }

    private sealed class QueueOptions
    {
        public int Capacity { get; set; } = 10;
    }
}
