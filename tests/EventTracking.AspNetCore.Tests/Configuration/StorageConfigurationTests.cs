using EventTracking.AspNetCore.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MongoDB.Driver;

namespace EventTracking.AspNetCore.Tests.Configuration;

public sealed class StorageConfigurationTests
{
    /// <summary>The example of ARCHITECTURE.md, verbatim.</summary>
    private const string ArchitectureExample = """
        { "EventTracking": {
          "Context": { "application": "my-app" },
          "Processors": [],
          "Backends": {
            "tracking_logs": { "Type": "Routing",
              "Processors": [ { "Type": "RegexFilter", "Options": { "FilterType": "Allowlist", "Patterns": [ "^edx\\.course\\." ] } } ],
              "Backends": { "log": { "Type": "Serilog" } } },
            "store": { "Type": "AsyncRouting", "Options": { "Capacity": 10000 },
              "Backends": { "db": { "Type": "Sqlite", "Options": { "Path": "events.db" } } } }
          }
        } }
        """;

    private string _directory = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "et-aspnet-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void TearDown()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task TheArchitectureExampleBindsIntoTheExpectedTree()
    {
        var (host, tracker) = Build(ArchitectureExample);
        using var _ = host;

        var logs = (RoutingBackend)tracker.Backend.Backends["tracking_logs"];
        Assert.That(((RegexFilter)logs.Processors.Single()).Patterns, Is.EqualTo(new[] { @"^edx\.course\." }));
        Assert.That(logs.Backends["log"], Is.InstanceOf<SerilogBackend>());
        var store = (AsyncRoutingBackend)tracker.Backend.Backends["store"];
        Assert.That(store.Capacity, Is.EqualTo(10000));
        Assert.That(store.Name, Is.EqualTo("store"), "an async node is named after its key");
        var db = (SqliteBackend)store.Backends["db"];
        Assert.That(db.Path, Is.EqualTo(Path.Combine(_directory, "events.db")), "a relative path is taken from the content root");

        tracker.Emit("edx.course.enrollment.activated", new { course_id = "cs101" });
        await tracker.FlushAsync();

        var stored = await db.QueryAsync(new EventQuery());
        Assert.That(stored.Single().Context["application"], Is.EqualTo("my-app"));
    }

    [Test]
    public void AsyncRoutingOptionsAreBoundAndValidatedWithTheirPath()
    {
        var errors = TrackerFromConfig.Errors("""{ "EventTracking": { "Backends": { "store": { "Type": "AsyncRouting", "Options": { "Capacity": 0 } } } } }""");

        Assert.That(errors, Is.EqualTo(new[] { "EventTracking:Backends:store:Options:Capacity must be at least 1 (was 0)." }));
        Assert.That(
            TrackerFromConfig.Errors("""{ "EventTracking": { "Backends": { "store": { "Type": "AsyncRouting", "Options": { "FullMode": "Sometimes" } } } } }""").Single(),
            Does.StartWith("EventTracking:Backends:store:Options:FullMode: "));
    }

    [Test]
    public async Task AsyncRoutingTakesItsOptionsFromConfiguration()
    {
        var (host, tracker) = Build("""
            { "EventTracking": { "ShutdownTimeout": "00:00:07", "Backends": {
                "store": { "Type": "AsyncRouting", "Options": { "Capacity": 5, "FullMode": "DropOldest", "MaxBatchSize": 2 }, "Backends": { "m": { "Type": "InMemory" } } },
                "named": { "Type": "AsyncRouting", "Options": { "Name": "custom" } } } } }
            """);
        using var _ = host;

        var store = (AsyncRoutingBackend)tracker.Backend.Backends["store"];
        Assert.That(store.Capacity, Is.EqualTo(5));
        Assert.That(((AsyncRoutingBackend)tracker.Backend.Backends["named"]).Name, Is.EqualTo("custom"));
        tracker.Emit("x");
        await tracker.FlushAsync();
        Assert.That(((InMemoryBackend)store.Backends["m"]).Count, Is.EqualTo(1));
    }

    [Test]
    public void AnInvalidSqliteTableNamesItsPath()
    {
        var errors = TrackerFromConfig.Errors("""{ "EventTracking": { "Backends": { "db": { "Type": "Sqlite", "Options": { "TableName": "drop table" } } } } }""");

        Assert.That(errors.Single(), Does.StartWith("EventTracking:Backends:db:Options:TableName "));
    }

    [Test]
    public async Task MongoBindsAWriteConcernByName()
    {
        var (host, tracker) = Build("""
            { "EventTracking": { "Backends": { "archive": { "Type": "Mongo",
                "Options": { "ConnectionString": "mongodb://127.0.0.1:1", "Database": "tracking", "WriteConcern": "Majority", "Ttl": "30.00:00:00" } } } } }
            """);
        using var _ = host;

        var mongo = (MongoBackend)tracker.Backend.Backends["archive"];
        Assert.That(mongo.Database, Is.EqualTo("tracking"));
    }

    [Test]
    public void MongoMistakesNameTheirPath()
    {
        Assert.That(
            TrackerFromConfig.Errors("""{ "EventTracking": { "Backends": { "archive": { "Type": "Mongo" } } } }""").Single(),
            Is.EqualTo("EventTracking:Backends:archive:Options:ConnectionString is required when no IMongoClient is given."));
        Assert.That(
            TrackerFromConfig.Errors("""{ "EventTracking": { "Backends": { "archive": { "Type": "Mongo", "Options": { "ConnectionString": "mongodb://127.0.0.1:1", "WriteConcern": "often" } } } } }""").Single(),
            Does.StartWith("EventTracking:Backends:archive:Options:WriteConcern: "));
    }

    [Test]
    public async Task MongoUsesTheClientRegisteredInDi()
    {
        var client = new MongoClient("mongodb://127.0.0.1:1");
        var (host, tracker) = Build(
            """{ "EventTracking": { "Backends": { "archive": { "Type": "Mongo" } } } }""",
            services => services.AddSingleton<IMongoClient>(client));
        using var _ = host;

        Assert.That(tracker.Backend.Backends["archive"], Is.InstanceOf<MongoBackend>(), "no connection string needed with a client in DI");
    }

    [Test]
    public async Task StorageCanBeAddedInCode()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _directory });
        builder.Services.AddEventTracking(t => t
            .AddAsyncRouting("store", s => s.AddSqlite("events.db").AddMongo("archive", o => o.ConnectionString = "mongodb://127.0.0.1:1"), o => o.MaxBatchSize = 10));
        using var host = builder.Build();

        var store = (AsyncRoutingBackend)host.Services.GetRequiredService<Tracker>().Backend.Backends["store"];

        Assert.That(store.Name, Is.EqualTo("store"));
        Assert.That(((SqliteBackend)store.Backends["sqlite"]).Path, Is.EqualTo(Path.Combine(_directory, "events.db")));
        Assert.That(store.Backends["archive"], Is.InstanceOf<MongoBackend>());
    }

    [Test]
    public async Task AnAsyncRoutingNodeGetsADurableBufferFromConfigurationInAFolderUnderTheContentRoot()
    {
        var (host, tracker) = Build("""
            { "EventTracking": { "Backends": {
                "store": { "Type": "AsyncRouting",
                  "Options": { "Buffer": { "Path": "buffer", "MaxBytes": 1073741824, "CommitInterval": "00:00:00.020" } },
                  "Backends": { "m": { "Type": "InMemory" } } } } } }
            """);
        using var _ = host;
        var store = (AsyncRoutingBackend)tracker.Backend.Backends["store"];
        tracker.Emit("navigation.request", new { url = "/" });
        await tracker.FlushAsync();

        Assert.Multiple(() =>
        {
            Assert.That(store.IsDurable, Is.True);
            Assert.That(Directory.GetFiles(Path.Combine(_directory, "buffer"), "*.seg"), Is.Not.Empty, "a relative path is taken from the content root");
            Assert.That(((InMemoryBackend)store.Backends["m"]).Events, Has.Count.EqualTo(1));
        });
        await tracker.DisposeAsync();
    }

    [Test]
    public void ADurableBufferWithoutAPathOrWithAnUnknownKeyFailsNamingTheKey()
    {
        Assert.That(
            TrackerFromConfig.Errors("""{ "EventTracking": { "Backends": { "store": { "Type": "AsyncRouting", "Options": { "Buffer": { "MaxBytes": 1000000 } } } } } }""").Single(),
            Does.Contain("Buffer:Path"));
        Assert.That(
            TrackerFromConfig.Errors("""{ "EventTracking": { "Backends": { "store": { "Type": "AsyncRouting", "Options": { "Buffer": { "Path": "b", "MaxByte": 1 } } } } } }""").Single(),
            Does.Contain("MaxByte"));
    }

    private (IHost Host, Tracker Tracker) Build(string json, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _directory });
        builder.Services.AddEventTracking(TrackerFromConfig.Json(json).GetSection("EventTracking"));
        services?.Invoke(builder.Services);
        var host = builder.Build();
        return (host, host.Services.GetRequiredService<Tracker>());
    }
}
