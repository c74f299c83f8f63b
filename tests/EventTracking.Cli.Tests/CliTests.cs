using System.Text.Json;
using EventTracking.Reading;

namespace EventTracking.Cli.Tests;

/// <summary>The tool as a shell user runs it, against a real SQLite store.</summary>
[TestFixture]
public sealed class CliTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddHours(-2);
    private DirectoryInfo _directory = null!;
    private string _path = null!;
    private List<TrackingEvent> _events = null!;

    [OneTimeSetUp]
    public async Task StoreEventsAsync()
    {
        _directory = Directory.CreateTempSubdirectory("et-cli-");
        _path = Path.Combine(_directory.FullName, "events.db");
        _events = Enumerable.Range(0, 30).Select(i => new TrackingEvent(
            Guid.CreateVersion7(),
            i % 3 == 0 ? "course.enrolled" : "page.view",
            Start.AddMinutes(i),
            new { user_id = i % 4 },
            new { n = i, note = i == 7 ? "a, \"quoted\"\nline" : "plain" })).ToList();
        await using var backend = new SqliteBackend(_path);
        await backend.SendBatchAsync(_events, CancellationToken.None);
    }

    [OneTimeTearDown]
    public void DeleteFolder()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [Test]
    public async Task QueryPrintsTheMatchingEventsAsJsonLinesNewestFirst()
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync("--sqlite", _path, "query", "--name", "course.enrolled", "--context", "user_id=0", "--format", "jsonl");

        Assert.That(exit, Is.Zero, stderr);
        var expected = _events.Where(e => e.Name == "course.enrolled" && (int)e.Context["user_id"]! == 0).Reverse().Select(EventJson.Serialize);
        Assert.That(Lines(stdout), Is.EqualTo(expected));
    }

    [Test]
    public async Task QueryPagesWithTheCursorItPrints()
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync("--sqlite", _path, "query", "--limit", "10", "-f", "jsonl");
        Assert.That(exit, Is.Zero);
        Assert.That(Lines(stdout), Has.Count.EqualTo(10));
        var after = stderr.Split("--after ")[1].Trim();

        var (_, next, _) = await CliProcess.RunAsync("--sqlite", _path, "query", "--limit", "100", "--after", after, "-f", "jsonl");
        Assert.That(Lines(stdout).Concat(Lines(next)).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("data").GetProperty("n").GetInt32()),
            Is.EqualTo(Enumerable.Range(0, 30).Reverse()));
    }

    [Test]
    public async Task AMissingFileIsNamedAndExitsWithOne()
    {
        var missing = Path.Combine(_directory.FullName, "nope", "events.db");
        var (exit, stdout, stderr) = await CliProcess.RunAsync("--sqlite", missing, "stats");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain(missing).And.Contain("no such file"));
        Assert.That(stdout, Is.Empty);
        Assert.That(File.Exists(missing), Is.False, "reading never creates the file");
    }

    [TestCase("query")]
    [TestCase("--sqlite", "x.db", "query", "--no-such-option")]
    [TestCase("--sqlite", "x.db", "query", "--from", "yesterday")]
    [TestCase("--sqlite", "x.db", "--postgres", "Host=localhost", "query")]
    [TestCase("--sqlite", "x.db", "query", "--from", "999999d")]
    [TestCase("--sqlite", "x.db", "export", "--from", "2026-11-30", "--to", "2026-11-01")]
    [TestCase("--sqlite", "x.db", "stats", "--name", "")]
    public async Task AWrongCommandLineExitsWithTwoAndSaysWhy(params string[] args)
    {
        var (exit, _, stderr) = await CliProcess.RunAsync(args);
        Assert.That(exit, Is.EqualTo(2), stderr);
        Assert.That(stderr, Does.StartWith("eventtracking: ").And.Not.Contain("   at ").And.Not.Contain("EventFilter."));
    }

    [Test]
    public async Task AMissingTableOrADirectoryIsNamedAndExitsWithOne()
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync("--sqlite", _path, "--table", "evnets", "query");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain(_path).And.Contain("no table 'evnets'"));
        Assert.That(stdout, Is.Empty);

        (exit, _, stderr) = await CliProcess.RunAsync("--sqlite", _directory.FullName, "erase", "--user", "1");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain(_directory.FullName).And.Contain("is a directory"));
    }

    [Test]
    public async Task ANonDatabaseFileIsAFailureNotACrash()
    {
        var text = Path.Combine(_directory.FullName, "notes.txt");
        await File.WriteAllTextAsync(text, new string('x', 4096));
        var (exit, _, stderr) = await CliProcess.RunAsync("--sqlite", text, "query");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("could not be read").And.Not.Contain("Unhandled"));
    }

    [Test]
    public async Task ExportCreatesItsFileReadableByItsOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix file modes only.");
            return;
        }

        var output = Path.Combine(_directory.FullName, "private-export.jsonl");
        var (exit, _, stderr) = await CliProcess.RunAsync("--sqlite", _path, "export", "--quiet", "--output", output);

        Assert.That(exit, Is.Zero, stderr);
        Assert.That(File.GetUnixFileMode(output), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite), "user ids and addresses, like the store");
    }

    [Test]
    public async Task ExportWritesCsvThatReadsBackAndReportsProgressOnStderr()
    {
        var output = Path.Combine(_directory.FullName, "export.csv");
        var (exit, stdout, stderr) = await CliProcess.RunAsync("--sqlite", _path, "export", "--format", "csv", "--output", output);

        Assert.That(exit, Is.Zero, stderr);
        Assert.That(stdout, Is.Empty, "the events go to the file");
        Assert.That(stderr, Does.Contain("exported 30 events to " + output));
        var rows = ParseCsv(await File.ReadAllTextAsync(output));
        Assert.That(rows[0], Is.EqualTo(new[] { "id", "name", "timestamp", "context", "data" }));
        Assert.That(rows.Skip(1).Select(r => r[0]), Is.EqualTo(_events.Select(e => e.Id.ToString())));
        var quoted = rows.Single(r => r[0] == _events[7].Id.ToString());
        Assert.That(JsonDocument.Parse(quoted[4]).RootElement.GetProperty("note").GetString(), Is.EqualTo("a, \"quoted\"\nline"));
    }

    [Test]
    public async Task ExportCsvDefusesFormulaCellsAndControlCharacters()
    {
        var path = Path.Combine(_directory.FullName, "formulas.db");
        string[] names = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2", "@SUM(A1)", "plain", "bell\u0007\u001b[2Jname"];
        await using (var backend = new SqliteBackend(path))
        {
            await backend.SendBatchAsync(names.Select((n, i) => new TrackingEvent(Guid.CreateVersion7(), n, Start.AddSeconds(i), null, new { v = "=1" })).ToList(), CancellationToken.None);
        }

        var (exit, stdout, stderr) = await CliProcess.RunAsync("--sqlite", path, "export", "--format", "csv", "--quiet");

        Assert.That(exit, Is.Zero, stderr);
        var rows = ParseCsv(stdout).Skip(1).ToList();
        Assert.That(rows.Select(r => r[1]), Is.EqualTo(new[] { "'=HYPERLINK(\"http://evil\",\"x\")", "'+1+1", "'-2", "'@SUM(A1)", "plain", "bell\\u0007\\u001b[2Jname" }));
        // Ordinal: a culture-aware Contains ignores control characters and would find them everywhere.
        Assert.That(stdout.IndexOfAny(['\u001b', '\u0007']), Is.EqualTo(-1), "no control character reaches the terminal raw");
        Assert.That(rows.Select(r => JsonDocument.Parse(r[4]).RootElement.GetProperty("v").GetString()), Is.All.EqualTo("=1"), "values inside the JSON columns are kept as they are");
    }

    [Test]
    public async Task ExportAsJsonLinesToStdoutIsTheCanonicalJsonOldestFirst()
    {
        var (exit, stdout, _) = await CliProcess.RunAsync("--sqlite", _path, "export", "--quiet", "--prefix", "page.");
        Assert.That(exit, Is.Zero);
        Assert.That(Lines(stdout), Is.EqualTo(_events.Where(e => e.Name == "page.view").Select(EventJson.Serialize)));
    }

    [Test]
    public async Task StatsAndCatalogAgreeWithTheStore()
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync("--sqlite", _path, "stats", "--from", "1d", "--format", "jsonl");
        Assert.That(exit, Is.Zero, stderr);
        var stats = JsonDocument.Parse(stdout).RootElement;
        Assert.That(stats.GetProperty("total").GetInt64(), Is.EqualTo(30));
        Assert.That(stats.GetProperty("names").EnumerateArray().Select(n => (n.GetProperty("name").GetString(), n.GetProperty("count").GetInt64())),
            Is.EqualTo(new[] { ("page.view", 20L), ("course.enrolled", 10L) }));

        (exit, stdout, stderr) = await CliProcess.RunAsync("--sqlite", _path, "catalog", "--format", "jsonl");
        Assert.That(exit, Is.Zero, stderr);
        var catalog = Lines(stdout).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.That(catalog.Select(c => c.GetProperty("name").GetString()), Is.EqualTo(new[] { "course.enrolled", "page.view" }));
        Assert.That(catalog[1].GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("source").GetString() + ":" + f.GetProperty("path").GetString()),
            Is.EquivalentTo(new[] { "data:n", "data:note", "context:user_id" }));

        (exit, stdout, _) = await CliProcess.RunAsync("--sqlite", _path, "catalog", "--format", "table");
        Assert.That(exit, Is.Zero);
        Assert.That(stdout, Does.Contain("page.view  20 events"));
    }

    [Test]
    public async Task TailPrintsEventsStoredAfterItStarted()
    {
        using var tail = CliProcess.Start("--sqlite", _path, "tail", "--interval", "100", "--max-events", "2", "--format", "jsonl");
        await tail.Following.WaitAsync(TimeSpan.FromSeconds(60));

        var fresh = new[]
        {
            new TrackingEvent(Guid.CreateVersion7(), "tail.one", DateTimeOffset.UtcNow, null, new { k = 1 }),
            new TrackingEvent(Guid.CreateVersion7(), "tail.two", DateTimeOffset.UtcNow.AddTicks(10), null, new { k = 2 }),
        };
        await using (var backend = new SqliteBackend(_path))
        {
            await backend.SendBatchAsync(fresh, CancellationToken.None);
        }

        var (exit, stdout, stderr) = await tail.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.That(exit, Is.Zero, stderr);
        Assert.That(Lines(stdout), Is.EqualTo(fresh.Select(EventJson.Serialize)));
        _events.AddRange(fresh);
    }

    [Test]
    public async Task TailStopsCleanlyOnSigterm()
    {
        using var tail = CliProcess.Start("--sqlite", _path, "tail", "--interval", "100");
        await tail.Following.WaitAsync(TimeSpan.FromSeconds(60));

        tail.Signal("TERM");

        var (exit, _, stderr) = await tail.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(exit, Is.Zero, stderr);
        Assert.That(stderr, Does.Not.Contain("Unhandled").And.Not.Contain("   at "));
    }

    private static List<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    // RFC 4180 as the export writes it.
    private static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                row.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        return rows;
    }
}
