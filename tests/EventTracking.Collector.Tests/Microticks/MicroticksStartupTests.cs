using EventTracking.AspNetCore.Tests.Support;
using EventTracking.AspNetCore;
using EventTracking.Collector.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EventTracking.Collector.Tests.Microticks;

/// <summary>Settings are checked as the host starts, and a mistake names its configuration path.</summary>
public sealed class MicroticksStartupTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("et-microticks-start-").FullName;

    [TearDown]
    public void TearDown()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task TheConfiguredSectionBindsAndTheReadKeyIsKeptOnlyAsAHash()
    {
        using var host = Build(new() { ["Microticks:ReadKey"] = "s3cret", ["Microticks:MaxReadLimit"] = "50", ["Microticks:AllowAnonymousReads"] = "true" });

        await host.StartAsync();

        var options = host.Services.GetRequiredService<IOptions<MicroticksOptions>>().Value;
        Assert.That(options.ReadKey, Is.Null);
        Assert.That(options.MaxReadLimit, Is.EqualTo(50));
        Assert.That(options.AllowAnonymousReads, Is.True);
        Assert.That(File.Exists(Path.Combine(_directory, "events.db")), Is.True, "the tables are created at start");
        await host.StopAsync();
    }

    [TestCase("ReadKey", "", "Microticks:ReadKey is empty")]
    [TestCase("EventsTable", "events", "Microticks:EventsTable is set but Microticks:Database is not")]
    [TestCase("MaxReadLimit", "-1", "Microticks:MaxReadLimit must be greater than 0, not -1.")]
    public void AnInvalidSettingFailsTheStartNamingIt(string setting, string value, string message)
    {
        using var host = Build(new() { ["Microticks:" + setting] = value });

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.Contain(message));
    }

    [Test]
    public void AValueOfTheWrongTypeFailsTheStartNamingIt()
    {
        using var host = Build(new() { ["Microticks:MaxReadLimit"] = "lots" });

        var error = Assert.ThrowsAsync<EventTrackingConfigurationException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.StartWith("Microticks:MaxReadLimit"));
    }

    [Test]
    public async Task TheConfigurationRootMayBeGivenForItsMicroticksSection()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Microticks:MaxReadLimit"] = "7" });
        builder.Services.AddEventTracking(t => t.AddSqlite(Path.Combine(_directory, "events.db"))).AddMicroticks(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync();

        Assert.That(host.Services.GetRequiredService<IOptions<MicroticksOptions>>().Value.MaxReadLimit, Is.EqualTo(7));
        await host.StopAsync();
    }

    [Test]
    public void AnEventsTableThatIsNotAnIdentifierFailsTheStart()
    {
        using var host = Build(new() { ["Microticks:Database"] = Path.Combine(_directory, "x.db"), ["Microticks:EventsTable"] = "events; drop" });

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.Contain("Microticks:EventsTable 'events; drop' is not a plain identifier"));
    }

    [Test]
    public void AnUnknownSettingFailsTheStart()
    {
        using var host = Build(new() { ["Microticks:ReadKy"] = "typo" });

        var error = Assert.ThrowsAsync<EventTrackingConfigurationException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.StartWith("Microticks:ReadKy is not an option of MicroticksOptions"));
    }

    [Test]
    public void WithoutASqliteStoreTheStartAsksForTheDatabase()
    {
        using var host = Build([], tree: t => t.AddInMemory());

        var error = Assert.ThrowsAsync<EventTrackingConfigurationException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.StartWith("Microticks:Database is not set and the tracker's routing tree has no SQLite store."));
    }

    [Test]
    public void WithTwoSqliteStoresTheStartAsksWhichOne()
    {
        using var host = Build([], tree: t => t.AddSqlite(Path.Combine(_directory, "a.db"), "a").AddSqlite(Path.Combine(_directory, "b.db"), "b"));

        var error = Assert.ThrowsAsync<EventTrackingConfigurationException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.Contain("has 2 SQLite stores"));
        Assert.That(error.Message, Does.Contain("a.db table events"));
    }

    [Test]
    public void MappingWithoutTheCollectorFails()
    {
        var app = new TestWebApp(
            services => services.AddEventTracking(t => t.AddSqlite(Path.Combine(_directory, "events.db"))).AddMicroticks(),
            endpoints => endpoints.MapMicroticks("/m"));

        var error = Assert.Throws<InvalidOperationException>(() => app.CreateClient());

        Assert.That(error!.Message, Does.Contain("call services.AddEventCollector(...) as well as services.AddMicroticks(...)"));
        app.Dispose();
    }

    [Test]
    public void MappingWithoutRegisteringFails()
    {
        var app = new TestWebApp(services => services.AddEventTracking(), endpoints => endpoints.MapMicroticks("/m"));

        var error = Assert.Throws<InvalidOperationException>(() => app.CreateClient());

        Assert.That(error!.Message, Does.Contain("call services.AddMicroticks(...) before app.MapMicroticks(...)"));
        app.Dispose();
    }

    private IHost Build(Dictionary<string, string?> settings, Action<EventTrackingBuilder>? tree = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services
            .AddEventTracking(tree ?? (t => t.AddSqlite(Path.Combine(_directory, "events.db"))))
            .AddMicroticks(builder.Configuration.GetSection("Microticks"));
        return builder.Build();
    }
}
