namespace EventTracking.Tests.Sqlite;

/// <summary>The store and its WAL files are created readable by their owner only, whatever the umask.</summary>
[NonParallelizable]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SqliteFileModeTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void CreateFolder()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix file modes only.");
        }

        _folder = new TempFolder();
    }

    [TearDown]
    public void DeleteFolder() => _folder?.Dispose();

    [Test]
    public async Task UnderUmask022TheDatabaseItsWalAndShmAre0600AndANewFolder0700()
    {
        using var umask = Umask.Set(0b000_010_010);
        var path = _folder.File("new/folder/events.db");
        await using (var backend = new SqliteBackend(path))
        {
            await backend.SendBatchAsync([TestEvents.Create()], CancellationToken.None);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(Umask.Mode(path), Is.EqualTo("600"));
                Assert.That(Umask.Mode(path + "-wal"), Is.EqualTo("600"), "after the first write, while the writer holds the file open");
                Assert.That(Umask.Mode(path + "-shm"), Is.EqualTo("600"));
                Assert.That(Umask.Mode(_folder.File("new/folder")), Is.EqualTo("700"));
                Assert.That(Umask.Mode(_folder.File("new")), Is.EqualTo("700"));
            }
        }
    }

    [Test]
    public async Task AnExistingFileKeepsTheModeItsOperatorGaveIt()
    {
        using var umask = Umask.Set(0b000_010_010);
        var path = _folder.File("events.db");
        File.WriteAllBytes(path, []);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        await using (var backend = new SqliteBackend(path))
        {
            await backend.SendBatchAsync([TestEvents.Create()], CancellationToken.None);
            Assert.That(Umask.Mode(path), Is.EqualTo("640"));
            Assert.That(Umask.Mode(path + "-wal"), Is.EqualTo("640"), "SQLite gives the WAL the database's mode");
        }
    }
}
