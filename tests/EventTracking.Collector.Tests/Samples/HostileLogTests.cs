using System.Collections.Concurrent;
using System.Text;
using EventTracking.Collector.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using CollectorProgram = EventTracking.Samples.Collector.Program;

namespace EventTracking.Collector.Tests.Samples;

/// <summary>
/// Hostile requests to every surface of the collector sample on Kestrel, with its Development logging (refusals at
/// Debug): every message the collector logs, and every message of an exception it logs, is free of characters that
/// break, recolour or reorder a line; and the hostile names are refused with 400.
/// </summary>
[NonParallelizable]
public sealed class HostileLogTests
{
    private const string Forged = "[12:34:56 INF] FORGED admin logged in";

    private static readonly char[] LineBreakers = ['\r', '\n', '\u001b', '\u0085', '\u2028', '\u2029', '\u000b', '\u000c', '\u202e'];

    private readonly CapturingLoggerProvider _logs = new();
    private string _directory = null!;
    private WebApplicationFactory<CollectorProgram> _sample = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public void StartSample()
    {
        _directory = Directory.CreateTempSubdirectory("et-hostile-logs-").FullName;
        _sample = CollectorSample.Create(_directory, logs: _logs, settings: ("Papika:StorePath", Path.Combine(_directory, "papika.db")));
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
    public async Task NoRequestTextReachesTheCollectorsLogRaw()
    {
        var statuses = new List<int>
        {
            // A Content-Type with a NEL, a line separator and an ESC sequence: 415, and its text is quoted in the reason.
            await RawAsync("POST /api/events", "text/plain\u0085" + Forged + "\u2028\u001b[2J", "[]"),

            // A timestamp whose text lands in the parser's exception message.
            await PostAsync("/api/events", """[{"name":"ok","timestamp":"2026-11-23\r\n""" + Forged + """\u001b[31m\u2028\u0085"}]"""),

            // Hostile event names on the native, Pycolytics and Microticks surfaces.
            await PostAsync("/api/events", """[{"name":"inj.log\n""" + Forged + "\"}]"),
            await PostAsync("/v1.0/event", Bodies.Pyco(eventType: "crlf\r\n" + Forged, apiKey: "dev-only-key-do-not-deploy")),

            // A route value in the Attolytics messages.
            await RawAsync("POST /apps/x%0D%0A%1B%5B2J%E2%80%A8%C2%85" + Uri.EscapeDataString(Forged) + "/events", "application/json", "{}"),

            // Papika: the lone surrogate property name after the looked-up field.
            await PostAsync("/api/user", """{"version":2,"data":"{\"username\":\"p\"}","\ud800":1}"""),
        };

        Assert.That(statuses, Is.EqualTo(new[] { 415, 400, 400, 400, 404, 400 }).Or.All.InRange(400, 499), string.Join(",", statuses));
        Assert.That(statuses[2..4], Has.All.EqualTo(400), "hostile event names are refused with 400");
        Assert.That(statuses[5], Is.EqualTo(400), "a lone surrogate name is a 400, not a 500");
        var ours = _logs.Entries.Where(e => e.Category.StartsWith("EventTracking", StringComparison.Ordinal)).ToList();
        Assert.That(ours.Count(e => e.Message.Contains("refused a request", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(statuses.Count));
        Assert.That(ours.Count(e => e.Message.Contains("FORGED", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(4), "the hostile text is logged, escaped");
        foreach (var entry in ours)
        {
            Assert.That(entry.Message.IndexOfAny(LineBreakers), Is.EqualTo(-1), entry.Message);
            Assert.That(entry.Message.Any(char.IsSurrogate) && !IsWellFormed(entry.Message), Is.False, entry.Message);
            Assert.That(entry.ExceptionMessage?.IndexOfAny(LineBreakers) ?? -1, Is.EqualTo(-1), entry.ExceptionMessage);
        }
    }

    [Test]
    public async Task AMicroticksActionWithAControlCharacterIsA400AndLoggedEscaped()
    {
        using var output = new StringWriter();
        await _sample.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHost>().RunMicroticksCommandAsync(["microticks", "create-consumer", "hostile"], output);
        var key = System.Text.RegularExpressions.Regex.Match(output.ToString(), "Consumer key: ([0-9a-f]{32})").Groups[1].Value;
        var (status, body, _) = await Microticks.Support.Posts.FormAsync(_client, "/sessions", ("consumer_key", key), ("ts", "1503680959438"));
        Assert.That(status, Is.EqualTo(200), body);
        var token = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("token").GetString()!;

        var (actionStatus, actionBody, _) = await Microticks.Support.Posts.FormAsync(
            _client, "/events", ("token", token), ("action", "tap\r\n" + Forged), ("data", "{}"), ("ts", "1503680959438"));

        Assert.That(actionStatus, Is.EqualTo(400), actionBody);
        var refusal = _logs.Entries.Last(e => e.Message.Contains("microticks", StringComparison.OrdinalIgnoreCase) && e.Message.Contains("FORGED", StringComparison.Ordinal));
        Assert.That(refusal.Message, Does.Contain(@"tap\r\n[12:34:56 INF] FORGED").And.Not.Contain("\n"));
    }

    private static bool IsWellFormed(string text) => LogText.IsLineSafe(text);

    private async Task<int> PostAsync(string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", "dev-only-key-do-not-deploy");
        using var response = await _client.SendAsync(request);
        return (int)response.StatusCode;
    }

    // Sent byte for byte, so header values can carry UTF-8 that HttpClient would refuse.
    private async Task<int> RawAsync(string requestLine, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = $"{requestLine} HTTP/1.1\r\nHost: {_client.BaseAddress!.Authority}\r\nContent-Type: {contentType}\r\n"
            + $"X-Api-Key: dev-only-key-do-not-deploy\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
        var response = await RawHttp.SendAsync(_client.BaseAddress, [.. Encoding.UTF8.GetBytes(head), .. bytes]);
        return response.Status;
    }

    private sealed record Entry(string Category, string Message, string? ExceptionMessage);

    /// <summary>Keeps each entry's category, formatted message and exception message apart.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<Entry> _entries = new();

        public IReadOnlyList<Entry> Entries => [.. _entries];

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(new Entry(category, formatter(state, exception), exception?.Message));
        }
    }
}
