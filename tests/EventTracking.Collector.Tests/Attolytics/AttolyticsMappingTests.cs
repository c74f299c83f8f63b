using EventTracking.AspNetCore.Tests.Support;
using EventTracking.Collector.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using static EventTracking.Collector.Tests.Attolytics.Requests;

namespace EventTracking.Collector.Tests.Attolytics;

/// <summary>How the surface is mapped: its prefix, its schema file, and what stops the host from starting.</summary>
public sealed class AttolyticsMappingTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("et-atto-map-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task UnderAPrefixTheRouteMovesWithIt()
    {
        await using var server = await CollectorTestHost.StartAsync(h => h.AttolyticsWithSwitch(prefix: "/collect/atto/"));
        var marker = Marker();

        var moved = await server.Client.ExchangeAsync(Post(Body(Event(marker)), prefix: "/collect/atto"));
        var root = await server.Client.ExchangeAsync(Post(Body(Event(marker))));

        Assert.That(moved.Status, Is.EqualTo(200));
        Assert.That(root.Status, Is.EqualTo(404));
        Assert.That(await server.StoredWithMarkerAsync(marker), Has.Count.EqualTo(1));
    }

    [Test]
    public void AMistakeInTheSchemaFileStopsTheHostFromStarting()
    {
        var schema = "";

        var ex = Assert.ThrowsAsync<EventTrackingConfigurationException>(() => CollectorTestHost.StartAsync(h =>
        {
            h.Attolytics("", AttolyticsSchemas.Example.Replace("type: i32", "type: int", StringComparison.Ordinal));
            schema = Path.Combine(h.Folder, "schema.yaml");
        }));

        Assert.That(ex!.Errors[0], Does.StartWith($"{schema}: tables.events.columns[6].type: unknown type 'int'"));
    }

    [Test]
    public void AShortSecretKeyStopsTheHostFromStartingNamingTheAppButNotTheKey()
    {
        var ex = Assert.ThrowsAsync<EventTrackingConfigurationException>(() => CollectorTestHost.StartAsync(h =>
            h.Attolytics("", AttolyticsSchemas.Example.Replace(AttolyticsSchemas.MyAppKey, "s3cr3", StringComparison.Ordinal))));

        Assert.That(ex!.Errors, Has.Count.EqualTo(1));
        Assert.That(ex.Errors[0], Does.Contain($"apps['{AttolyticsSchemas.MyApp}'].secret_key: the secret key of app '{AttolyticsSchemas.MyApp}' is 5 characters long; at least 16 are required"));
        Assert.That(ex.ToString(), Does.Not.Contain("s3cr3"), "the key is never shown");
    }

    [Test]
    public async Task ASecretKeyOfSixteenCharactersIsAccepted()
    {
        const string key = "0123456789abcdef";
        await using var server = await CollectorTestHost.StartAsync(h => h.AttolyticsWithSwitch(AttolyticsSchemas.Example.Replace(AttolyticsSchemas.MyAppKey, key, StringComparison.Ordinal)));
        var marker = Marker();

        var answer = await server.Client.ExchangeAsync(Post(Body(Event(marker), key)));

        Assert.That(answer.Status, Is.EqualTo(200), answer.Body);
        Assert.That(await server.StoredWithMarkerAsync(marker), Has.Count.EqualTo(1));
    }

    [Test]
    public void ARelativeSchemaPathIsResolvedAgainstTheContentRoot()
    {
        using var app = new TestWebApp(
            services => services.AddEventTracking(t => t.AddInMemory()).AddEventCollector(o => o.AllowAnonymous = true),
            endpoints => endpoints.MapAttolytics("", "no-such-schema.yaml"));

        var ex = Assert.Throws<EventTrackingConfigurationException>(() => app.CreateClient());

        Assert.That(ex!.Message, Does.Contain(Path.Combine(AppContext.BaseDirectory, "no-such-schema.yaml")));
    }

    [Test]
    public void MappingWithoutTheCollectorIsRefused()
    {
        var schema = Path.Combine(_directory, "schema.yaml");
        File.WriteAllText(schema, AttolyticsSchemas.Example);
        using var app = new TestWebApp(services => services.AddEventTracking(), endpoints => endpoints.MapAttolytics("", schema));

        var ex = Assert.Throws<InvalidOperationException>(() => app.CreateClient());

        Assert.That(ex!.Message, Does.Contain("AddEventCollector"));
    }
}
