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
    public async Task ThePapikaRowsOfTheUserGoWithItsEventsFromBothFiles()
    {
        const string user = "6f1c0d3e-0b7a-4d55-8f33-2a9c1e5b7d40";
        const string other = "0a1b2c3d-0000-4000-8000-000000000001";
        var papika = Path.Combine(_directory.FullName, "papika.db");
        foreach (var file in new[] { papika, _path })
        {
            Execute(file, $"""
                CREATE TABLE IF NOT EXISTS papika_users (id TEXT NOT NULL PRIMARY KEY, username TEXT NOT NULL UNIQUE, savedata TEXT NULL, created_at TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS papika_sessions (id TEXT NOT NULL PRIMARY KEY, session_key TEXT NOT NULL, user_id TEXT NOT NULL, release_id TEXT NOT NULL, library_revid TEXT NOT NULL, created_at TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS papika_experiment_conditions (user_id TEXT NOT NULL, experiment_id TEXT NOT NULL, condition INTEGER NOT NULL, assigned_at TEXT NOT NULL, PRIMARY KEY (user_id, experiment_id));
                INSERT INTO papika_users VALUES ('{user}', 'pika', 'save', 'now'), ('{other}', 'chu', NULL, 'now');
                INSERT INTO papika_sessions VALUES ('s1', 'k', '{user}', 'r', 'v', 'now'), ('s2', 'k', '{other}', 'r', 'v', 'now');
                INSERT INTO papika_experiment_conditions VALUES ('{user}', 'e', 1, 'now'), ('{other}', 'e', 2, 'now');
                """);
        }

        var (exit, stdout, stderr) = await CliProcess.RunAsync("erase", "--user", user.ToUpperInvariant(), "--sqlite", _path, "--papika", papika, "--format", "table");

        Assert.That(exit, Is.Zero, stderr);
        Assert.That(stdout, Does.Contain($"erased 3 rows of user {user.ToUpperInvariant()} from Papika store {_path}"));
        Assert.That(stdout, Does.Contain($"erased 3 rows of user {user.ToUpperInvariant()} from Papika store {papika}"));
        foreach (var file in new[] { papika, _path })
        {
            Assert.That(Scalar(file, $"SELECT count(*) FROM papika_users WHERE id = '{user}'"), Is.Zero);
            Assert.That(Scalar(file, $"SELECT (SELECT count(*) FROM papika_users) + (SELECT count(*) FROM papika_sessions) + (SELECT count(*) FROM papika_experiment_conditions)"), Is.EqualTo(3), "the other user's rows stay");
        }
    }

    [Test]
    public async Task APapikaFileThatDoesNotExistExitsWithOneAndErasesNothing()
    {
        var (exit, _, stderr) = await CliProcess.RunAsync("erase", "--user", "10938", "--sqlite", _path, "--papika", Path.Combine(_directory.FullName, "nope.db"));

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("nope.db: no such file"));
        Assert.That(await CountAsync(), Is.EqualTo(1_000));
    }

    private static void Execute(string file, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(string file, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
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
