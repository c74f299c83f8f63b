using System.Text.RegularExpressions;
using EventTracking.Collector.Tests.Microticks.Support;
using EventTracking.Collector.Tests.Support;
using Microsoft.Data.Sqlite;
using CollectorProgram = EventTracking.Samples.Collector.Program;

namespace EventTracking.Collector.Tests.Microticks;

/// <summary>
/// The collector sample as shipped, with Microticks on through its configuration: an operator creates a consumer with
/// <c>dotnet run -- microticks create-consumer NAME</c>, then the jQuery client talks to it from session start to the
/// last event.
/// </summary>
[NonParallelizable]
public sealed partial class MicroticksSampleTests
{
    private const string DevReadKey = "dev-only-read-key-do-not-deploy";

    private string _directory = null!;

    private string DatabasePath => Path.Combine(_directory, "events.db");

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("et-microticks-sample-").FullName;

    [TearDown]
    public void TearDown()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task TheClientsWholeConversationRunsAgainstTheSample()
    {
        var (exitCode, printed) = await RunSampleAsync("microticks", "create-consumer", "touch-table");
        Assert.That(exitCode, Is.Zero, printed);
        var key = PrintedKey().Match(printed).Groups[1].Value;

        await using var sample = CollectorSample.Create(_directory);
        sample.StartServer();
        using var http = sample.CreateClient();
        var client = new JQueryMicroticksClient(http, "/microticks", key);

        await client.StartSessionAsync();
        await client.TrackEventAsync("click", new { target = "book-1", clickX = 10, clickY = 20 });
        await client.TrackEventAsync("click", new { target = "book-2", clickX = 30, clickY = 40 });
        await client.StopSessionAsync("idle");

        var stored = (await new SqliteEventReader(DatabasePath).QueryAsync(new EventQuery())).Reverse().ToList();
        Assert.That(stored.Select(e => e.Name), Is.EqualTo(new[] { "microticks.session.start", "click", "click", "stopSession", "microticks.session.stop" }));
        Assert.That(stored.Select(e => e.Context["collector"]).Distinct(), Is.EqualTo(new object[] { "eventtracking-collector-sample" }), "the sample's process-wide context");
        Assert.That(stored.Select(e => e.Context["consumer"]).Distinct(), Is.EqualTo(new object[] { "touch-table" }));
        Assert.That(stored[1].Data, Is.EqualTo(new Dictionary<string, object?> { ["target"] = "book-1", ["clickX"] = 10L, ["clickY"] = 20L }));

        var sessions = await http.GetStringAsync($"/microticks/sessions?key={DevReadKey}");
        Assert.That(sessions, Is.EqualTo(
            """{"count":1,"sessions":[{"clicks":2,"consumer_id":1,"id":1,"last_action":"2017-08-25T17:09:21.438Z","started_at":"2017-08-25""" +
            """T17:09:19.438Z","stopped_at":"2017-08-25T17:09:23.438Z"}],"status":200}"""));
        var events = await http.GetStringAsync($"/microticks/events?key={DevReadKey}&limit=100&offset=0&sort.desc=time");
        Assert.That(events, Does.StartWith("""{"count":3,"events":[{"action":"stopSession","data":{"reason":"idle"},"id":3,"session_id":1,"time":"2017-08-25T17:09:22.438Z"},"""));
    }

    [Test]
    public async Task TheSampleListsTheConsumersItsCommandCreated()
    {
        Assert.That((await RunSampleAsync("microticks", "create-consumer", "lobby")).ExitCode, Is.Zero);

        var (exitCode, printed) = await RunSampleAsync("microticks", "list-consumers");

        Assert.That(exitCode, Is.Zero);
        Assert.That(printed, Does.Match(@"^1\tlobby\tcreated .+\tactive"));
    }

    /// <summary>Runs the sample's entry point as <c>dotnet run --project samples/EventTracking.Samples.Collector -- args</c> would.</summary>
    private async Task<(int ExitCode, string Output)> RunSampleAsync(params string[] args)
    {
        string[] settings = ["--contentRoot", SampleDirectory(), $"--EventTracking:Backends:store:Backends:db:Options:Path={DatabasePath}"];
        var console = Console.Out;
        using var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            return (await CollectorProgram.Main([.. args, .. settings]), output.ToString());
        }
        finally
        {
            Console.SetOut(console);
        }
    }

    private static string SampleDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EventTracking.slnx")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory!.FullName, "samples", "EventTracking.Samples.Collector");
    }

    [GeneratedRegex("^Consumer key: ([0-9a-f]{32})$", RegexOptions.Multiline)]
    private static partial Regex PrintedKey();
}
