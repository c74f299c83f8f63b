using System.Text;
using EventTracking.Collector.Tests.Microticks.Support;
using EventTracking.Collector.Tests.Papika.Support;
using EventTracking.Collector.Tests.Support;
using EventTracking.Tests;

namespace EventTracking.Collector.Tests;

/// <summary>The collector's own SQLite files (Papika's store, the Microticks tables) are created 0600 under umask 022.</summary>
[NonParallelizable]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StoreFileModeTests
{
    [SetUp]
    public void UnixOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix file modes only.");
        }
    }

    [Test]
    public async Task PapikaDbItsWalAndShmAndTheEventStoreAre0600()
    {
        using var umask = Umask.Set(0b000_010_010);
        await using var host = await CollectorTestHost.StartAsync(h => h.PapikaWithTestExperiments());

        using var response = await host.Client.PostAsync("/api/user", new StringContent(PapikaBodies.NonSession("""{"username":"modes"}"""), Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();

        var papika = Path.Combine(host.Folder, "papika.db");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Umask.Mode(papika), Is.EqualTo("600"));
            Assert.That(Umask.Mode(papika + "-wal"), Is.EqualTo("600"));
            Assert.That(Umask.Mode(papika + "-shm"), Is.EqualTo("600"));
        }
    }

    [Test]
    public async Task TheMicroticksTablesFileAndItsWalAre0600()
    {
        using var umask = Umask.Set(0b000_010_010);
        await using var host = await CollectorTestHost.StartAsync(h => h.MicroticksWithReadKey());

        await host.CreateConsumerAsync("modes");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Umask.Mode(host.Store.Path), Is.EqualTo("600"));
            Assert.That(Umask.Mode(host.Store.Path + "-wal"), Is.EqualTo("600"));
            Assert.That(Umask.Mode(host.Store.Path + "-shm"), Is.EqualTo("600"));
        }
    }
}
