namespace EventTracking.AspNetCore.Tests.Samples;

/// <summary>The web sample, refused by its configuration, says why on standard error and exits with 1, never aborting (the collector sample's are in EventTracking.Collector.Tests).</summary>
public sealed class RefusedStartTests
{
    private const string WebApp = "EventTracking.Samples.WebApp";

    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("et-refused-start-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

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
        Assert.That(error, Does.StartWith("The web sample did not start:").And.Contain("ShutdownTimeout"));
        Assert.That(output + error, Does.Not.Contain("Unhandled exception"));
        Assert.That(output, Does.Not.Contain("Hosting failed to start").And.Not.Contain("   at "), "the clear reason comes first, with no stack trace before it");
    }

    [Test]
    public async Task TheWebSampleOnAPortInUseExplainsWithoutAStackTraceAndExitsWith1()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();

        var (exitCode, output, error) = await SampleProcess.RunAsync(WebApp, _directory, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{((System.Net.IPEndPoint)taken.LocalEndpoint).Port}",
            ["EventTracking__Backends__store__Backends__db__Options__Path"] = Path.Combine(_directory, "events.db"),
        });

        Assert.That(exitCode, Is.EqualTo(1), output + error);
        Assert.That(error, Does.StartWith("The web sample did not start:").And.Contain("address already in use"));
        Assert.That(output + error, Does.Not.Contain("Hosting failed to start").And.Not.Contain("   at "));
    }
}
