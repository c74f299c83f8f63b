using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests.Samples;

/// <summary>The built collector sample, refused by its configuration, says why on standard error and exits with 1, never aborting.</summary>
[NonParallelizable]
public sealed class CollectorRefusedStartTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("et-refused-start-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task WithoutAKeyOutsideDevelopmentItExplainsAndExitsWith1()
    {
        var (exitCode, output, error) = await SampleProcess.RunToExitAsync(_directory, Settings());

        Assert.That(exitCode, Is.EqualTo(1), output + error);
        Assert.That(error, Does.StartWith("The collector did not start:").And.Contain("Collector:Keys: no API key is configured"));
        Assert.That(output + error, Does.Not.Contain("Unhandled exception"));
        Assert.That(output, Does.Not.Contain("Hosting failed to start").And.Not.Contain("   at "), "the clear reason comes first, with no stack trace before it");
    }

    [Test]
    public async Task OnAPortInUseItExplainsWithoutAStackTraceAndExitsWith1()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var settings = Settings();
        settings["Collector__Keys__mobile"] = "a-key-for-this-test-only";
        settings["ASPNETCORE_URLS"] = $"http://127.0.0.1:{((System.Net.IPEndPoint)taken.LocalEndpoint).Port}";

        var (exitCode, output, error) = await SampleProcess.RunToExitAsync(_directory, settings);

        Assert.That(exitCode, Is.EqualTo(1), output + error);
        Assert.That(error, Does.StartWith("The collector did not start:").And.Contain("address already in use"));
        Assert.That(output + error, Does.Not.Contain("Hosting failed to start").And.Not.Contain("   at "));
    }

    [Test]
    public async Task TheReasonNeverShowsAKey()
    {
        const string key = "sup3r-secret-collector-key";
        var settings = Settings();
        settings["Collector__Keys__mobile"] = key;
        settings["Collector__MaxBatchSize"] = "0";
        settings["Microticks__ReadKey"] = "another-secret-read-key";

        var (exitCode, output, error) = await SampleProcess.RunToExitAsync(_directory, settings);

        Assert.That(exitCode, Is.EqualTo(1), output + error);
        Assert.That(error, Does.Contain("Collector:MaxBatchSize must be greater than 0"));
        Assert.That(output + error, Does.Not.Contain(key).And.Not.Contain("another-secret-read-key"));
    }

    private Dictionary<string, string> Settings() => new()
    {
        ["EventTracking__Backends__store__Backends__db__Options__Path"] = Path.Combine(_directory, "events.db"),
        ["Papika__StorePath"] = Path.Combine(_directory, "papika.db"),
    };
}
