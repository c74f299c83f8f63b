using System.Text.RegularExpressions;

namespace EventTracking.Tests.Sqlite;

/// <summary>The <c>sqlite3</c> queries in docs/storage.md run, as written, against a file the backend wrote.</summary>
[TestFixture]
public sealed partial class SqliteDocumentedQueriesTests
{
    [Test]
    public async Task EveryDocumentedQueryRunsAndCounts()
    {
        var queries = DocumentedQueries();
        Assert.That(queries, Has.Count.GreaterThanOrEqualTo(3));

        using var folder = new TempFolder();
        var path = folder.File("events.db");
        await using (var backend = new SqliteBackend(path))
        {
            await backend.SendBatchAsync(
                [
                    TestEvents.Create("navigation.request", TestEvents.Start, new { user_id = 1 }, new { url = "/a" }),
                    TestEvents.Create("navigation.request", TestEvents.Start.AddMinutes(1), new { user_id = 2 }, new { url = "/a" }),
                    TestEvents.Create("navigation.request", TestEvents.Start.AddDays(1), new { user_id = 1 }, new { url = "/b" }),
                    TestEvents.Create("problem.check", TestEvents.Start, new { user_id = 1 }, new { problem = 7 }),
                ],
                CancellationToken.None);
        }

        using var connection = SqliteBackendTests.Open(path);
        var results = queries.Select(q => Rows(connection, q)).ToList();

        Assert.That(results[0], Is.EqualTo(new[] { "2026-11-24|navigation.request|1", "2026-11-23|navigation.request|2", "2026-11-23|problem.check|1" }));
        Assert.That(results[1], Is.EqualTo(new[] { "2026-11-24|1", "2026-11-23|2" }));
        Assert.That(results[2], Is.EqualTo(new[] { "/a|2", "/b|1" }));
    }

    private static List<string> DocumentedQueries()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EventTracking.slnx")))
        {
            directory = directory.Parent;
        }

        var markdown = File.ReadAllText(Path.Combine(directory!.FullName, "docs", "storage.md"));
        return SqlBlock().Matches(markdown)
            .SelectMany(m => m.Groups[1].Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(q => q.StartsWith("SELECT", StringComparison.Ordinal))
            .ToList();
    }

    private static List<string> Rows(Microsoft.Data.Sqlite.SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(reader.GetValue)));
        }

        return rows;
    }

    [GeneratedRegex("```sql\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex SqlBlock();
}
