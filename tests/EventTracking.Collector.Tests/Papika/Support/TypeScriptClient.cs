using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EventTracking.Collector.Tests.Papika.Support;

/// <summary>
/// Papika's TypeScript client as a browser runs it on a page of another origin: each <c>fetch</c> with
/// <c>Content-Type: application/json</c> is preceded by the browser's CORS preflight, only status 200 counts as
/// success, and events that failed to send stay queued and go again, with the newer ones, in the next batch.
/// </summary>
internal sealed class TypeScriptClient
{
    private const int ProtocolVersion = 2;

    private static readonly JsonSerializerOptions Stringify = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly HttpClient _http;
    private readonly string _origin;
    private readonly string _releaseId;
    private readonly List<JsonObject> _eventsToLog = [];
    private int _sessionSequenceCounter = 1;
    private int _taskIdCounter = 1;

    public TypeScriptClient(HttpClient http, string origin, string releaseId)
    {
        _http = http;
        _origin = origin;
        _releaseId = releaseId;
    }

    public string? SessionId { get; private set; }

    public int Pending => _eventsToLog.Count;

    /// <summary>The clock <c>new Date()</c> reads.</summary>
    public DateTime UtcNow { get; set; } = new(2016, 3, 14, 21, 3, 4, 123, DateTimeKind.Utc);

    /// <summary>The preflights the browser sent, with their answers' CORS headers.</summary>
    public List<HttpResponseMessage> Preflights { get; } = [];

    public async Task<string> QueryUserIdAsync(string username) =>
        (await SendNonSessionAsync("/api/user", new JsonObject { ["username"] = username }))["user_id"]!.GetValue<string>();

    public async Task<int> QueryExperimentalConditionAsync(string user, string experiment) =>
        (await SendNonSessionAsync("/api/experiment", new JsonObject { ["user_id"] = user, ["experiment_id"] = experiment }))["condition"]!.GetValue<int>();

    public async Task<JsonNode?> QueryUserDataAsync(string user) =>
        (await SendNonSessionAsync("/api/user/get_data", new JsonObject { ["id"] = user }))["savedata"];

    public Task SaveUserDataAsync(string user, object savedata) =>
        SendNonSessionAsync("/api/user/set_data", new JsonObject { ["id"] = user, ["savedata"] = JsonSerializer.Serialize(savedata, Stringify) });

    public async Task LogSessionAsync(string user, object detail)
    {
        var data = new JsonObject
        {
            ["user_id"] = user,
            ["release_id"] = _releaseId,
            ["client_time"] = IsoString(),
            ["detail"] = JsonSerializer.Serialize(detail, Stringify),
            ["library_revid"] = "UNKNOWN_REVISION_ID",
        };
        SessionId = (await SendNonSessionAsync("/api/session", data))["session_id"]!.GetValue<string>();
    }

    public void LogEvent(int category, int type, object detail, JsonObject? task = null)
    {
        var data = new JsonObject
        {
            ["category_id"] = category,
            ["type_id"] = type,
            ["session_sequence_index"] = _sessionSequenceCounter++,
            ["client_time"] = IsoString(),
            ["detail"] = JsonSerializer.Serialize(detail, Stringify),
        };
        if (task?["task_start"] is { } start)
        {
            data["task_start"] = start.DeepClone();
        }

        if (task?["task_event"] is { } member)
        {
            data["task_event"] = member.DeepClone();
        }

        _eventsToLog.Add(data);
    }

    /// <summary>Logs the event that starts a task and returns a function that logs the task's events.</summary>
    public Action<int, int, object> StartTask(string group, int category, int type, object detail)
    {
        var taskId = _taskIdCounter++;
        LogEvent(category, type, detail, new JsonObject { ["task_start"] = new JsonObject { ["task_id"] = taskId, ["group_id"] = group } });
        var taskSequenceCounter = 1;
        return (c, t, d) => LogEvent(c, t, d, new JsonObject { ["task_event"] = new JsonObject { ["task_id"] = taskId, ["task_sequence_index"] = taskSequenceCounter++ } });
    }

    /// <summary>Sends every queued event; they leave the queue only on a 200. With none queued, nothing is sent.</summary>
    public async Task<HttpStatusCode> FlushAsync()
    {
        var count = _eventsToLog.Count;
        if (count == 0)
        {
            // As flush_event_log: nothing to send, no request.
            return HttpStatusCode.OK;
        }

        var events = new JsonArray([.. _eventsToLog.Select(e => (JsonNode)e.DeepClone())]);
        var body = new JsonObject
        {
            ["version"] = ProtocolVersion,
            ["data"] = events.ToJsonString(Stringify),
            ["session"] = SessionId,
            ["checksum"] = string.Empty,
        };
        var (status, _) = await FetchAsync("/api/event", body);
        if (status == HttpStatusCode.OK)
        {
            _eventsToLog.RemoveRange(0, count);
        }

        return status;
    }

    private string IsoString() => UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private async Task<JsonNode> SendNonSessionAsync(string path, JsonObject data)
    {
        var body = new JsonObject
        {
            ["version"] = ProtocolVersion,
            ["data"] = data.ToJsonString(Stringify),
            ["release"] = _releaseId,
            ["checksum"] = string.Empty,
        };
        var (status, text) = await FetchAsync(path, body);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), $"{path}: {text}");
        return JsonNode.Parse(text)!;
    }

    private async Task<(HttpStatusCode Status, string Text)> FetchAsync(string path, JsonObject body)
    {
        // What the browser sends first, because the request carries Content-Type: application/json.
        using (var preflight = new HttpRequestMessage(HttpMethod.Options, path))
        {
            preflight.Headers.Add("Origin", _origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
            var answer = await _http.SendAsync(preflight);
            Preflights.Add(answer);
            Assert.That((int)answer.StatusCode, Is.InRange(200, 299), $"preflight of {path}");
            Assert.That(answer.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("*").Or.EqualTo(_origin));
            Assert.That(answer.Headers.GetValues("Access-Control-Allow-Methods").Single(), Does.Contain("POST"));
            Assert.That(answer.Headers.GetValues("Access-Control-Allow-Headers").Single(), Does.Contain("content-type").IgnoreCase);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body.ToJsonString(Stringify), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", _origin);
        using var response = await _http.SendAsync(request);

        // The browser hands the page a cross-origin response only when it allows the origin.
        Assert.That(response.Headers.TryGetValues("Access-Control-Allow-Origin", out var allowed), Is.True, $"CORS on {path}");
        Assert.That(allowed!.Single(), Is.EqualTo("*").Or.EqualTo(_origin));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
