using Microsoft.Data.Sqlite;

namespace EventTracking.Tests.Sqlite;

public sealed class SqliteErasureTests
{
    private const string Secret = "a-test-secret-of-32-characters!!";

    [Test]
    public async Task OneUsersEventsAmongAHundredThousandAreRemovedNoneOfAnyoneElsesAndTheReportCountsMatch()
    {
        using var folder = new TempFolder();
        var path = folder.File("events.db");
        var sqlite = new SqliteBackend(path);
        var hashed = new SqliteBackend(folder.File("analytics.db"));
        await using var tracker = new Tracker(new Dictionary<string, IEventBackend>
        {
            ["analytics"] = new AsyncRoutingBackend(
                new Dictionary<string, IEventBackend> { ["db"] = hashed },
                [new Redactor(new RedactorOptions { Secret = Secret, Rules = { RedactionRule.ForPath("context.user_id", RedactionAction.Hash) } })],
                Lossless("analytics")),
            ["store"] = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["db"] = sqlite }, options: Lossless("store")),
        });

        // 1,000 users x 100 events each, every user's id stored half the time as a number and half as text.
        const int users = 1_000;
        for (var i = 0; i < 100_000; i++)
        {
            var user = 10_000 + (i % users);
            using (tracker.Context("request", new { user_id = (i & 1) == 0 ? (object)user : user.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
            {
                tracker.Emit("page.view", new { n = i });
            }
        }

        await tracker.FlushAsync();
        var before = await CountByUser(path);
        var hashedBefore = await CountByUser(hashed.Path);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var report = await tracker.EraseUserAsync("10938");
        TestContext.Out.WriteLine($"erased {report.Removed} of 200,000 events in two SQLite files in {watch.ElapsedMilliseconds} ms");

        var after = await CountByUser(path);
        var hashedAfter = await CountByUser(hashed.Path);
        Assert.That(before["10938"], Is.EqualTo(100));
        Assert.That(after.ContainsKey("10938"), Is.False);
        Assert.That(after, Is.EqualTo(before.Where(p => p.Key != "10938").ToDictionary()), "everyone else's events are all still there");
        var hash = KeyedHash.Compute(Secret, "10938");
        Assert.That(hashedBefore[hash], Is.EqualTo(100));
        Assert.That(hashedAfter.ContainsKey(hash), Is.False);
        Assert.That(hashedAfter.Values.Sum(), Is.EqualTo(100_000 - 100));
        Assert.That(report.Stores.Select(s => (s.Path, s.Outcome, s.Removed)), Is.EqualTo(new[]
        {
            ("analytics/db", StoreErasureOutcome.Erased, 100L),
            ("store/db", StoreErasureOutcome.Erased, 100L),
        }));
        Assert.That(report.Complete, Is.True);
    }

    [Test]
    public async Task ErasedValuesDoNotRemainInTheFileOrItsLog()
    {
        using var folder = new TempFolder();
        var path = folder.File("events.db");
        await using var sqlite = new SqliteBackend(path);
        var marker = "erase-me-" + Guid.NewGuid().ToString("N");
        await sqlite.SendBatchAsync(
            [.. Enumerable.Range(0, 200).Select(i => TestEvents.Create(context: new { user_id = i == 50 ? marker : $"keep-{i}" }, data: new { note = i == 50 ? marker : "x" }))],
            CancellationToken.None);

        var removed = await sqlite.EraseUserAsync(new UserErasure(marker));

        Assert.That(removed, Is.EqualTo(1));
        foreach (var file in Directory.GetFiles(folder.Path))
        {
            var bytes = await ReadSharedAsync(file);
            Assert.That(System.Text.Encoding.UTF8.GetString(bytes), Does.Not.Contain(marker), file);
        }
    }

    [Test]
    public async Task OtherFieldsCanBeNamedAndAMissingFileOrTableErasesNothing()
    {
        using var folder = new TempFolder();
        var path = folder.File("events.db");
        Assert.That(await new SqliteEventEraser(path).EraseUserAsync(new UserErasure("ada")), Is.Zero);
        Assert.That(File.Exists(path), Is.False, "erasing does not create the file");

        await using (var sqlite = new SqliteBackend(path))
        {
            await sqlite.SendBatchAsync(
                [TestEvents.Create(data: new { actor = new { id = "ada" } }), TestEvents.Create(context: new { user_id = "ada" }), TestEvents.Create(data: new { actor = new { id = "bob" } })],
                CancellationToken.None);
        }

        var erasure = new UserErasure("ada", new UserErasureOptions { Fields = ["data.actor.id"] });
        Assert.That(await new SqliteEventEraser(path).EraseUserAsync(erasure), Is.EqualTo(1));
        Assert.That(await new SqliteEventEraser(new SqliteBackendOptions { Path = path, TableName = "other" }).EraseUserAsync(erasure), Is.Zero);
        Assert.That((await new SqliteEventReader(path).QueryAsync(new EventQuery())).Count, Is.EqualTo(2));
    }

    private static AsyncRoutingOptions Lossless(string name) => new() { Name = name, FullMode = QueueFullMode.Wait };

    private static async Task<Dictionary<string, long>> CountByUser(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT CAST(json_extract(context, '$.user_id') AS TEXT), count(*) FROM events GROUP BY 1;";
        var counts = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    private static async Task<byte[]> ReadSharedAsync(string file)
    {
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        return memory.ToArray();
    }
}
