using System.Diagnostics;
using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests.Samples;

/// <summary>
/// The AOT collector sample (run here as its JIT build, <c>dotnet EventTracking.Samples.AotCollector.dll</c>): no key ships
/// in its appsettings.json, and a refused start says why and exits with 1 instead of aborting.
/// </summary>
[NonParallelizable]
public sealed class AotCollectorSampleTests
{
    private const string Sample = "EventTracking.Samples.AotCollector";

    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("et-aot-refused-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task OutsideDevelopmentWithoutAKeyItExplainsAndExitsWith1()
    {
        var (exitCode, output, error) = await RunToExitAsync(new Dictionary<string, string>());

        Assert.That(exitCode, Is.EqualTo(1), output + error);
        Assert.That(error, Does.StartWith("The collector did not start:").And.Contain("Collector:Keys: no API key is configured"));
        Assert.That(output + error, Does.Not.Contain("Unhandled exception").And.Not.Contain("   at "));
    }

    [Test]
    public async Task ABadOptionIsExplainedWithoutTheKey()
    {
        const string key = "aot-sample-secret-key-for-this-test";
        var (exitCode, output, error) = await RunToExitAsync(new Dictionary<string, string>
        {
            ["Collector__Keys__sample"] = key,
            ["Collector__MaxBatchSize"] = "0",
        });

        Assert.That(exitCode, Is.EqualTo(1), output + error);
        Assert.That(error, Does.StartWith("The collector did not start:").And.Contain("MaxBatchSize"));
        Assert.That(output + error, Does.Not.Contain(key).And.Not.Contain("   at "));
    }

    private async Task<(int ExitCode, string Output, string Error)> RunToExitAsync(Dictionary<string, string> environment)
    {
        var folder = Path.Combine(Path.GetDirectoryName(SampleProcess.ProjectFolder)!, Sample, "bin",
            new DirectoryInfo(SampleProcess.BuildFolder).Parent!.Name, new DirectoryInfo(SampleProcess.BuildFolder).Name);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(folder, Sample + ".dll"));
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(folder);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["EventTracking__Backends__store__Options__Path"] = Path.Combine(_directory, "events.db");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return await SampleProcess.RunToExitAsync(start);
    }
}
