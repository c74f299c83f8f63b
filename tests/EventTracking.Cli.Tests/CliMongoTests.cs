using MongoDB.Driver;

namespace EventTracking.Cli.Tests;

/// <summary>
/// The tool over a MongoDB store. The command-line checks and a refused connection need no server; reading one needs
/// the server named by <c>EVENTTRACKING_MONGODB_URI</c> and is reported as skipped without it (no server is started in CI).
/// </summary>
[TestFixture]
public sealed class CliMongoTests
{
    [TestCase("--sqlite", "x.db", "--mongodb", "mongodb://localhost", "query")]
    [TestCase("--mongodb", "not a connection string", "query")]
    [TestCase("--sqlite", "x.db", "--database", "events", "stats")]
    [TestCase("--mongodb", "mongodb://localhost", "--database", "a.b", "catalog")]
    public async Task AWrongMongoCommandLineExitsWithTwoAndSaysWhy(params string[] args)
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync(args);

        Assert.That(exit, Is.EqualTo(2), stderr);
        Assert.That(stderr, Does.StartWith("eventtracking: ").And.Not.Contain("Unhandled"));
        Assert.That(stdout, Is.Empty);
    }

    [TestCase("stats")]
    [TestCase("erase", "--user", "42")]
    public async Task AServerThatCannotBeReachedIsAFailureWithTheDriversReason(params string[] command)
    {
        var (exit, _, stderr) = await CliProcess.RunAsync(["--mongodb", "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300", .. command]);

        Assert.That(exit, Is.EqualTo(1), stderr);
        Assert.That(stderr, Does.StartWith("eventtracking: the store could not be read: ").And.Contain("127.0.0.1:1").And.Not.Contain("Unhandled"));
    }

    [Test]
    [Category("Integration")]
    public async Task QueryReadsAMongoStore()
    {
        var uri = Environment.GetEnvironmentVariable("EVENTTRACKING_MONGODB_URI");
        if (string.IsNullOrWhiteSpace(uri))
        {
            Assert.Ignore("EVENTTRACKING_MONGODB_URI is not set: this test needs a MongoDB server, such as mongodb://localhost:27017.");
        }

        using var client = new MongoClient(uri);
        var database = "eventtracking_test_" + Guid.NewGuid().ToString("N");
        try
        {
            // Whole milliseconds, as MongoDB stores them, so the printed events equal the sent ones.
            var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            var events = Enumerable.Range(0, 5)
                .Select(i => new TrackingEvent(Guid.CreateVersion7(), "mongo.event", now.AddSeconds(i), new { user_id = i }, new { i }))
                .ToArray();
            using (var backend = new MongoBackend(new MongoBackendOptions { Database = database, Collection = "cli" }, client))
            {
                await backend.SendBatchAsync(events, CancellationToken.None);
            }

            var (exit, stdout, stderr) = await CliProcess.RunAsync(
                "--mongodb", uri, "--database", database, "--collection", "cli", "query", "--oldest-first", "--format", "jsonl");

            Assert.That(exit, Is.Zero, stderr);
            Assert.That(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(events.Select(EventJson.Serialize)));
        }
        finally
        {
            await client.DropDatabaseAsync(database);
        }
    }
}
