namespace EventTracking.AspNetCore.Tests.Samples;

/// <summary>A sample whose configuration is refused says why on standard error and exits with 1, never aborting.</summary>
public sealed class RefusedStartTests
{
    private const string Collector = "EventTracking.Samples.Collector";
    private const string WebApp = "EventTracking.Samples.WebApp";

    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("et-refused-start-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task TheCollectorWithoutAKeyOutsideDevelopmentExplainsAndExitsWith1()
    {
        var (exitCode, output, error) = await SampleProcess.RunAsync(Collector, _directory, CollectorSettings());

        Assert.That(exitCode, Is.EqualTo(1), output + error);
        Assert.That(error, Does.Contain("The collector did not start:").And.Contain("Collector:Keys: no API key is configured"));
        Assert.That(output + error, Does.Not.Contain("Unhandled exception"));
    }

    [Test]
    public async Task TheReasonNeverShowsAKey()
    {
        const string key = "sup3r-secret-collector-key";
        var settings = CollectorSettings();
        settings["Collector__Keys__mobile"] = key;
        settings["Collector__MaxBatchSize"] = "0";
        settings["Microticks__ReadKey"] = "another-secret-read-key";

        var (exitCode, output, error) = await SampleProcess.RunAsync(Collector, _directory, settings);

        Assert.That(exitCode, Is.EqualTo(1), output + error);
        Assert.That(error, Does.Contain("Collector:MaxBatchSize must be greater than 0"));
        Assert.That(output + error, Does.Not.Contain(key).And.Not.Contain("another-secret-read-key"));
    }

    [Test]
    public async Task TheWebSampleWithABadSettingExplainsAndExitsWith1()
    {
        var (exitCode, output, error) = await SampleProcess.RunAsync(WebApp, _directory, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["EventTracking__Backends__store__Backends__db__Options__Path"] = Path.Combine(_directory, "events.db"),
            ["EventTracking__ShutdownTimeout"] = "soon",
        });

        Assert.That(exitCode, Is.EqualTo(1), output + error);
        Assert.That(error, Does.Contain("The web sample did not start:").And.Contain("ShutdownTimeout"));
        Assert.That(output + error, Does.Not.Contain("Unhandled exception"));
    }

    private Dictionary<string, string> CollectorSettings() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["EventTracking__Backends__store__Backends__db__Options__Path"] = Path.Combine(_directory, "events.db"),
        ["Papika__StorePath"] = Path.Combine(_directory, "papika.db"),
    };
}
