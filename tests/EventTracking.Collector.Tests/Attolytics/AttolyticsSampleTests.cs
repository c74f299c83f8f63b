using System.Net;
using EventTracking.Collector.Tests.Support;
using Microsoft.Data.Sqlite;

namespace EventTracking.Collector.Tests.Attolytics;

/// <summary>The collector sample as shipped, on Kestrel, with its Attolytics schema file: a browser session against it.</summary>
public sealed class AttolyticsSampleTests
{
    private const string App = "com.example.mygame";
    private const string Key = "dev-only-attolytics-key-do-not-deploy";
    private const string Origin = "https://mygame.example.org";

    private string _directory = null!;

    private string DatabasePath => Path.Combine(_directory, "events.db");

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("et-atto-sample-").FullName;

    [TearDown]
    public void TearDown()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task InDevelopmentABrowserSessionFromPreflightToTheLastEventIsStored()
    {
        await using var sample = CollectorSample.Create(_directory, "Development");
        sample.StartServer();
        using var client = sample.CreateClient();
        var session = new BrowserSession(client, App, Key, Origin);

        using (var preflight = await session.PreflightAsync())
        {
            Assert.That(preflight.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(preflight.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { Origin }), "the sample's app allows any origin");
        }

        var level = session.Batch((1700000001.5, "level_start", null), (1700000030, "level_end", 1200));
        var statuses = new List<HttpStatusCode>();
        foreach (var body in new[] { session.Batch((1700000000, "session_start", null)), level, level, session.Batch((1700000100, "session_end", null)) })
        {
            // The level batch is sent twice, as by a page whose first fetch timed out after the collector had stored it.
            using var response = await session.PostAsync(body);
            statuses.Add(response.StatusCode);
        }

        Assert.That(statuses, Has.All.EqualTo(HttpStatusCode.OK));
        var stored = (await new SqliteEventReader(DatabasePath).QueryAsync(new EventQuery { Name = "events" })).OrderBy(e => e.Data["time"]).ToArray();
        Assert.That(stored.Select(e => e.Data["event_type"]), Is.EqualTo(new[] { "session_start", "level_start", "level_end", "session_end" }));
        Assert.That(stored[2].Data["score"], Is.EqualTo(1200L));
        Assert.That(stored[0].Context["collector"], Is.EqualTo("eventtracking-collector-sample"), "the sample's process-wide context");
        Assert.That(stored[0].Context["attolytics_app"], Is.EqualTo(App));
        Assert.That(stored[0].Context["collector_surface"], Is.EqualTo("attolytics"));
        Assert.That(stored[0].Context["collector_key"], Is.EqualTo(App));
        Assert.That(stored[0].Data["referer"], Is.EqualTo(session.PageUrl));
    }

    [Test]
    public async Task OutsideDevelopmentTheRouteIsNotMappedUntilASchemaFileIsConfigured()
    {
        await using var production = CollectorSample.Create(_directory, "Production", null, ("Collector:Keys:mobile", "from-the-environment"));
        production.StartServer();
        using var client = production.CreateClient();
        var session = new BrowserSession(client, App, Key, Origin);

        using var response = await session.PostAsync(session.Batch((1700000000, "session_start", null)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task AMistakeInTheConfiguredSchemaFileStopsTheSample()
    {
        var schema = Path.Combine(_directory, "broken.yaml");
        await File.WriteAllTextAsync(schema, "tables:\n  events:\n    columns:\n      - {name: score, type: int}\napps: {}\n");

        // The built sample, as a process: it explains on standard error, naming the file, the path inside it and the
        // line, and exits with 1.
        var (exitCode, output, error) = await SampleProcess.RunToExitAsync(_directory, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["EventTracking__Backends__store__Backends__db__Options__Path"] = DatabasePath,
            ["Papika__StorePath"] = Path.Combine(_directory, "papika.db"),
            ["Attolytics__SchemaPath"] = schema,
        });

        Assert.That(exitCode, Is.EqualTo(1), output + error);
        Assert.That(error, Does.Contain($"{schema}: tables.events.columns[0].type: unknown type 'int'"));
    }
}
