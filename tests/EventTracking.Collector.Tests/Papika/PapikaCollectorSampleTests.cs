using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CollectorProgram = EventTracking.Samples.Collector.Program;
using EventTracking.Collector.Tests.Papika.Support;
using EventTracking.Collector.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace EventTracking.Collector.Tests.Papika;

/// <summary>The collector sample as shipped, with its Papika section: the clients' whole conversations and the README's requests.</summary>
public sealed class PapikaCollectorSampleTests
{
    private const string Experiment = "00000000-0000-0000-0000-000000000000";

    private string _directory = null!;
    private WebApplicationFactory<CollectorProgram> _sample = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public void StartSample()
    {
        _directory = Directory.CreateTempSubdirectory("et-papika-sample-").FullName;
        _sample = CollectorSample.Create(_directory, settings: ("Papika:StorePath", Path.Combine(_directory, "papika.db")));
        _sample.StartServer();
        _client = _sample.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopSample()
    {
        _client.Dispose();
        await _sample.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task TheUnityClientsWholeConversation()
    {
        var unity = new UnityClient(_client, _client.BaseAddress!, Guid.Parse(PapikaSetup.ReleaseId), CultureInfo.GetCultureInfo("en-US"));

        var user = await unity.QueryUserIdAsync("unity-player");
        var condition = await unity.QueryExperimentalConditionAsync(user, Guid.Parse(Experiment));
        Assert.That(await unity.QueryExperimentalConditionAsync(user, Guid.Parse(Experiment)), Is.EqualTo(condition).And.InRange(1, 2));
        await unity.SetUserDataAsync(user, "checkpoint=2");
        Assert.That(await unity.QueryUserDataAsync(user), Is.EqualTo($$"""{"id":"{{user}}","savedata":"checkpoint=2"}"""));
        await unity.StartSessionAsync(user, "{}");
        unity.LogEvent(1, 1, "{\"scene\": \"menu\"}");
        var task = unity.StartTask(Guid.NewGuid(), 2, 1, "level 1");
        task.LogEvent(2, 5, "{\"moves\": 3}");
        Assert.That(await unity.FlushAsync(), Is.True);

        Assert.That(Query($"SELECT name || ' ' || json_extract(context, '$.collector_surface') || ' ' || json_extract(context, '$.collector') FROM events WHERE json_extract(context, '$.session_id') = '{unity.SessionId}' ORDER BY json_extract(data, '$.session_sequence_index');"),
            Is.EqualTo(new[] { "papika.session papika eventtracking-collector-sample", "papika.1.1 papika eventtracking-collector-sample", "papika.2.1 papika eventtracking-collector-sample", "papika.2.5 papika eventtracking-collector-sample" }));
    }

    [Test]
    public async Task TheTypeScriptClientsWholeConversation()
    {
        var browser = new TypeScriptClient(_client, "http://localhost:8080", PapikaSetup.ReleaseId);

        var user = await browser.QueryUserIdAsync("browser-player");
        Assert.That(await browser.QueryExperimentalConditionAsync(user, Experiment), Is.InRange(1, 2));
        await browser.LogSessionAsync(user, new { agent = "test" });
        browser.LogEvent(3, 4, new { clicked = "start" });
        Assert.That(await browser.FlushAsync(), Is.EqualTo(HttpStatusCode.OK));

        Assert.That(Query($"SELECT name || ' ' || json_extract(data, '$.clicked') FROM events WHERE json_extract(context, '$.session_id') = '{browser.SessionId}' AND name <> 'papika.session';"),
            Is.EqualTo(new[] { "papika.3.4 start" }));
    }

    [Test]
    public async Task ThePythonClientsWholeConversation()
    {
        var python = new PythonClient(_client, PapikaSetup.ReleaseId);

        var user = await python.QueryUserIdAsync("python-player");
        Assert.That(await python.QueryExperimentalConditionAsync(user, Experiment), Is.InRange(1, 2));
        await python.LogSessionAsync(user, new Dictionary<string, object?> { ["im"] = "some data" });
        python.LogEvent(0, 23, "an event");
        using var flushed = await python.FlushEventsAsync();

        Assert.That(flushed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Query($"SELECT name || ' ' || json_extract(context, '$.client_time') FROM events WHERE json_extract(context, '$.session_id') = '{python.SessionId}' AND name <> 'papika.session';"),
            Is.EqualTo(new[] { "papika.0.23 2016-03-14T14:03:04.123456" }));
    }

    [Test]
    public async Task TheReadmesCurlRequestsAreAnsweredAsItSays()
    {
        var root = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "EventTracking.slnx")))
        {
            root = root.Parent;
        }

        var readme = await File.ReadAllTextAsync(Path.Combine(root!.FullName, "samples", "EventTracking.Samples.Collector", "README.md"));
        var papika = readme[readme.IndexOf("## Papika", StringComparison.Ordinal)..readme.IndexOf("## What arrived", StringComparison.Ordinal)];
        var requests = Regex.Matches(papika, @"curl -s http://localhost:5090(?<path>\S+) -H 'Content-Type: application/json' \\\n  -d '(?<body>[^']*)'\n# (?<answer>.*)\n");
        Assert.That(requests, Has.Count.EqualTo(3));

        string? session = null;
        foreach (Match request in requests)
        {
            var body = request.Groups["body"].Value.Replace("<session_id>", session, StringComparison.Ordinal);
            using var response = await _client.PostAsync(request.Groups["path"].Value, new StringContent(body, Encoding.UTF8, "application/json"));
            var answer = await response.Content.ReadAsStringAsync();

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), answer);
            Assert.That(answer, Does.Match("^" + Regex.Escape(request.Groups["answer"].Value).Replace("…", "[^\"]+", StringComparison.Ordinal) + "$"));
            session ??= Regex.Match(answer, "\"session_id\":\"(?<id>[^\"]+)\"") is { Success: true } id ? id.Groups["id"].Value : null;
        }

        Assert.That(Query($"SELECT name || ' ' || data FROM events WHERE json_extract(context, '$.session_id') = '{session}' AND name <> 'papika.session';"),
            Is.EqualTo(new[] { """papika.1.2 {"level":3,"session_sequence_index":1}""" }));
    }

    private List<string> Query(string sql) => ReadOnlySqlite.Strings(Path.Combine(_directory, "events.db"), sql);
}
