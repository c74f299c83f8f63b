namespace EventTracking.Cli.Tests;

/// <summary><c>eventtracking erase</c> as a shell user runs it, against a real SQLite store of its own.</summary>
[TestFixture]
public sealed class EraseCommandTests
{
    private const string Secret = "a-test-secret-of-32-characters!!";

    private DirectoryInfo _directory = null!;
    private string _path = null!;

    [SetUp]
    public async Task StoreEventsAsync()
    {
        _directory = Directory.CreateTempSubdirectory("et-cli-erase-");
        _path = Path.Combine(_directory.FullName, "events.db");
        var hash = KeyedHash.Compute(Secret, "10938");
        var events = Enumerable.Range(0, 1_000).Select(i => new TrackingEvent(
            Guid.CreateVersion7(),
            "page.view",
            DateTimeOffset.UtcNow.AddSeconds(-i),
            new { user_id = (i % 10) switch { 1 => (object)10938, 2 => "10938", 3 => hash, var other => other } },
            new { actor = new { id = i == 500 ? "10938" : "x" } })).ToArray();
        await using var backend = new SqliteBackend(_path);
        await backend.SendBatchAsync(events, CancellationToken.None);
    }

    [TearDown]
    public void DeleteFolder()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [Test]
    public async Task EraseRemovesTheUsersRawAndHashedEventsAndSaysHowMany()
    {
        var secrets = Path.Combine(_directory.FullName, "secrets.txt");
        await File.WriteAllTextAsync(secrets, Secret + "\n");

        var (exit, stdout, stderr) = await CliProcess.RunAsync("erase", "--user", "10938", "--sqlite", _path, "--secret-file", secrets, "--field", "data.actor.id", "--format", "table");

        Assert.That(exit, Is.Zero, stderr);
        Assert.That(stdout.Trim(), Is.EqualTo($"erased 301 events of user 10938 from {_path}"));
        Assert.That(await CountAsync(), Is.EqualTo(1_000 - 301));
    }

    [Test]
    public async Task WithoutTheSecretOnlyTheRawIdIsErasedAndJsonLinesReportIt()
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync("--sqlite", _path, "erase", "--user", "10938", "-f", "jsonl");

        Assert.That(exit, Is.Zero, stderr);
        Assert.That(stdout.Trim(), Is.EqualTo($$"""{"user":"10938","store":{{System.Text.Json.JsonSerializer.Serialize(_path)}},"removed":200}"""));
        Assert.That(await CountAsync(), Is.EqualTo(800));
    }

    [TestCase(new[] { "erase", "--sqlite", "{db}" }, "--user")]
    [TestCase(new[] { "erase", "--user", "1" }, "--sqlite")]
    [TestCase(new[] { "erase", "--user", "1", "--sqlite", "{db}", "--secret", "short" }, "16")]
    [TestCase(new[] { "erase", "--user", "1", "--sqlite", "{db}", "--field", "user_id" }, "must start with 'context.' or 'data.'")]
    public async Task AWrongCommandLineExitsWithTwoAndErasesNothing(string[] args, string message)
    {
        var (exit, _, stderr) = await CliProcess.RunAsync(args.Select(a => a.Replace("{db}", _path, StringComparison.Ordinal)).ToArray());

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain(message).And.Not.Contain("short"));
        Assert.That(await CountAsync(), Is.EqualTo(1_000));
    }

    [Test]
    public async Task AMissingFileExitsWithOne()
    {
        var (exit, _, stderr) = await CliProcess.RunAsync("erase", "--user", "1", "--sqlite", Path.Combine(_directory.FullName, "none.db"));

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("no such file"));
    }

    [Test]
    public async Task AnUnreadableSecretFileIsNamedAndErasesNothing()
    {
        // /proc/self/mem exists but cannot be read from its start (EIO): the tool used to crash with a stack trace.
        var (exit, _, stderr) = await CliProcess.RunAsync("erase", "--user", "1", "--sqlite", _path, "--secret-file", "/proc/self/mem");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.StartWith("eventtracking: /proc/self/mem: ").And.Not.Contain("   at "));
        Assert.That(await CountAsync(), Is.EqualTo(1_000));
    }

    private async Task<long> CountAsync()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM events";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
