using System.Net;
using System.Text;
using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests.Samples;

/// <summary>The collector sample run as a process, from a folder that is not its own, as a user runs a build.</summary>
[NonParallelizable]
public sealed class CollectorSampleProcessTests
{
    private static readonly Dictionary<string, string> Key = new() { ["Collector__Keys__ci"] = "process-test-key" };

    [TestCase(false, false, TestName = "TheSampleStartsFromAnyFolderOnTheUrlsArgument")]
    [TestCase(true, false, TestName = "TheSampleStartsFromAnyFolderOnAspNetCoreUrls")]
    [TestCase(true, true, TestName = "DotnetRunListensOnAspNetCoreUrlsAndStoresInTheBuildFolder")]
    public async Task TheSampleStartsFromAnyFolderAndStoresInItsContentRoot(bool useEnvironmentUrls, bool dotnetRun)
    {
        var elsewhere = Directory.CreateTempSubdirectory("et-cwd-").FullName;
        var file = $"process-test-{Guid.NewGuid():N}.db";
        var stored = Path.Combine(SampleProcess.BuildFolder, file);
        try
        {
            await using var sample = SampleProcess.Start(elsewhere, useEnvironmentUrls, Key, dotnetRun, $"--EventTracking:Backends:store:Backends:db:Options:Path={file}");
            using var client = await sample.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));

            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events")
            {
                Content = new StringContent("""[{"name":"sample.process","data":{"n":1}}]""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Api-Key", "process-test-key");
            using var response = await client.SendAsync(request);

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), sample.Output);
            Assert.That(File.Exists(stored), Is.True, $"a relative event file is taken from the content root (the build folder), not from {elsewhere}");
            Assert.That(Directory.GetFiles(elsewhere), Is.Empty);
        }
        finally
        {
            foreach (var path in new[] { stored, stored + "-wal", stored + "-shm" })
            {
                File.Delete(path);
            }

            Directory.Delete(elsewhere, recursive: true);
        }
    }
}
