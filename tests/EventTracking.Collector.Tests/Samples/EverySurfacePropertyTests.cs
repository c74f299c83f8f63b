using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CollectorProgram = EventTracking.Samples.Collector.Program;
using CsCheck;
using EventTracking.Collector.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EventTracking.Collector.Tests.Samples;

/// <summary>
/// Arbitrary JSON texts (lone surrogate escapes, bytes that are not UTF-8, hostile names) sent to every route of every
/// surface of the collector sample on Kestrel, where all five surfaces run side by side. Whatever the input, the answer
/// is never a 5xx, and a refused request adds no row to any table of either SQLite file.
/// </summary>
[NonParallelizable]
public sealed class EverySurfacePropertyTests
{
    private const int Iterations = 150;
    private const string AttolyticsKey = "dev-only-attolytics-key-do-not-deploy";
    private const string ReadKey = "dev-only-read-key-do-not-deploy";

    private static readonly string[] Routes =
    [
        "POST /api/events",
        "POST /v1.0/events",
        "POST /v1.0/event",
        "POST /apps/com.example.mygame/events",
        "POST /apps/{random}/events",
        "POST /microticks/sessions",
        "POST /microticks/events",
        "POST /microticks/sessions/stop",
        "GET /microticks/events",
        "GET /microticks/sessions",
        "POST /api/user",
        "POST /api/user/get_data",
        "POST /api/user/set_data",
        "POST /api/experiment",
        "POST /api/session",
        "POST /api/event",
    ];

    private string _directory = null!;
    private WebApplicationFactory<CollectorProgram> _sample = null!;
    private HttpClient _client = null!;
    private string _consumerKey = null!;
    private string _token = null!;
    private string _papikaSession = null!;

    [OneTimeSetUp]
    public async Task StartSample()
    {
        _directory = Directory.CreateTempSubdirectory("et-every-surface-").FullName;
        _sample = CollectorSample.Create(_directory, settings: [("Collector:Keys:mobile", CollectorTestHost.MobileKey), ("Papika:StorePath", Path.Combine(_directory, "papika.db"))]);
        _sample.StartServer();
        _client = _sample.CreateClient();

        using var output = new StringWriter();
        await _sample.Services.GetRequiredService<IHost>().RunMicroticksCommandAsync(["microticks", "create-consumer", "property-tests"], output);
        _consumerKey = System.Text.RegularExpressions.Regex.Match(output.ToString(), "Consumer key: ([0-9a-f]{32})").Groups[1].Value;
        using var session = await SendAsync(Form("/microticks/sessions", ("consumer_key", Encoding.UTF8.GetBytes(_consumerKey)), ("ts", Encoding.UTF8.GetBytes("1503680959438"))));
        var sessionText = await session.Content.ReadAsStringAsync();
        Assert.That(session.StatusCode, Is.EqualTo(HttpStatusCode.OK), sessionText);
        _token = JsonDocument.Parse(sessionText).RootElement.GetProperty("token").GetString()!;
        using var papika = await SendAsync(Json("/api/session", Encoding.UTF8.GetBytes(Envelope(
            """{"user_id":"6f1c0d3e-0b7a-4d55-8f33-2a9c1e5b7d40","client_time":"2016-03-14T21:03:04.123Z","library_revid":"rev","detail":"{}"}"""))));
        var papikaText = await papika.Content.ReadAsStringAsync();
        Assert.That(papika.StatusCode, Is.EqualTo(HttpStatusCode.OK), papikaText);
        _papikaSession = JsonDocument.Parse(papikaText).RootElement.GetProperty("session_id").GetString()!;
    }

    [OneTimeTearDown]
    public async Task StopSample()
    {
        _client.Dispose();
        await _sample.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [TestCaseSource(nameof(Routes))]
    public Task ArbitraryJsonNeverCausesA5xxAndARefusalStoresNothing(string route) =>
        HostileBodies.Json.SampleAsync(json => CheckAsync(route, json), iter: Iterations, threads: 1, print: Convert.ToBase64String);

    [TestCaseSource(nameof(Routes))]
    public Task ArbitraryJsonInsideAValidWrapperNeverCausesA5xxAndARefusalStoresNothing(string route) =>
        HostileBodies.Json.SampleAsync(json => CheckAsync(route, json, wrapped: true), iter: Iterations, threads: 1, print: Convert.ToBase64String);

    private async Task CheckAsync(string route, byte[] json, bool wrapped = false)
    {
        var before = Rows();
        using var response = await SendAsync(Request(route, json, wrapped));
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            throw new InvalidOperationException($"{route} answered {status}: {await response.Content.ReadAsStringAsync()}");
        }

        if (status >= 300 && Rows() != before)
        {
            throw new InvalidOperationException($"{route} answered {status} but stored something: {before} rows before, {Rows()} after.");
        }
    }

    private HttpRequestMessage Request(string route, byte[] json, bool wrapped)
    {
        var text = Encoding.UTF8.GetString(json);
        return route switch
        {
            "POST /api/events" => Native(json),
            "POST /v1.0/events" or "POST /v1.0/event" => Json(route[5..], wrapped ? Encoding.UTF8.GetBytes($$"""[{{text}}]""") : json),
            "POST /apps/com.example.mygame/events" => Json(route[5..], wrapped ? Encoding.UTF8.GetBytes($$"""{"secret_key":"{{AttolyticsKey}}","events":[{{text}}]}""") : json),
            "POST /apps/{random}/events" => Json($"/apps/{Uri.EscapeDataString(text)}/events", json),
            "POST /microticks/sessions" => Form("/microticks/sessions", ("consumer_key", wrapped ? Encoding.UTF8.GetBytes(_consumerKey) : json), ("ts", json)),
            "POST /microticks/events" => Form("/microticks/events", ("token", Encoding.UTF8.GetBytes(_token)), ("action", wrapped ? Encoding.UTF8.GetBytes("tap") : json), ("data", json), ("ts", Encoding.UTF8.GetBytes("1503680959438"))),
            "POST /microticks/sessions/stop" => Form("/microticks/sessions/stop", ("token", json)),
            "GET /microticks/events" or "GET /microticks/sessions" => new HttpRequestMessage(
                HttpMethod.Get,
                $"{route[4..]}?key={ReadKey}&sort={Escape(json)}&limit={Escape(json)}&consumer={Escape(json)}&date={Escape(json)}"),
            "POST /api/event" => Json(route[5..], wrapped ? Encoding.UTF8.GetBytes(Envelope(text, _papikaSession)) : json),
            _ => Json(route[5..], wrapped ? Encoding.UTF8.GetBytes(Envelope(text)) : json),
        };
    }

    private static HttpRequestMessage Native(byte[] body)
    {
        var request = Json("/api/events", body);
        request.Headers.Add("X-Api-Key", CollectorTestHost.MobileKey);
        return request;
    }

    private static HttpRequestMessage Json(string path, byte[] body) => new(HttpMethod.Post, path)
    {
        Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
    };

    // A form body written by hand, every byte percent-encoded, so values may hold bytes that are not UTF-8.
    private static HttpRequestMessage Form(string path, params (string Name, byte[] Value)[] fields) => new(HttpMethod.Post, path)
    {
        Content = new StringContent(string.Join("&", fields.Select(f => f.Name + "=" + Escape(f.Value))), Encoding.ASCII, "application/x-www-form-urlencoded"),
    };

    private static string Escape(byte[] bytes) => string.Concat(bytes.Select(b => $"%{b:X2}"));

    // A Papika envelope around a data text (the session's for /api/event, else a release's).
    private static string Envelope(string data, string? session = null) => session is null
        ? JsonSerializer.Serialize(new { version = 2, data, release = "de4b98ad-3f9a-4aa9-ba7a-9f8cd80eab6e", checksum = "" })
        : JsonSerializer.Serialize(new { version = 2, data, session, checksum = "" });

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            return await _client.SendAsync(request);
        }
    }

    /// <summary>Rows in every table of both SQLite files: events, Microticks consumers and sessions, Papika's tables.</summary>
    private long Rows() => Rows(Path.Combine(_directory, "events.db")) + Rows(Path.Combine(_directory, "papika.db"));

    private static long Rows(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%';";
        var tables = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        long rows = 0;
        foreach (var table in tables)
        {
            command.CommandText = $"SELECT count(*) FROM \"{table}\";";
            rows += (long)command.ExecuteScalar()!;
        }

        return rows;
    }
}
