using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EventTracking.Collector.Tests.Papika.Support;

/// <summary>
/// Papika's Python reference client: <c>json.dumps</c> bodies sent with <c>requests.post(…, headers={'Content-Type':
/// 'application/json'})</c>, <c>client_time</c> as <c>str(datetime.datetime.now())</c>, and every request signed with
/// <c>sha256(data.encode('utf-8') + key).hexdigest()</c>: the release key for requests outside a session, the session
/// key's bytes (<c>bytes.fromhex(session_key)</c>) for events.
/// </summary>
internal sealed class PythonClient
{
    private const int ProtocolVersion = 2;

    private static readonly byte[] ReleaseKey = Convert.FromHexString("d5c456a91eb5f69cf265510f6d6430b2ac9d7fc32d1000119bb18a7fbeed348b");

    private readonly HttpClient _http;
    private readonly string _releaseId;
    private readonly List<Dictionary<string, object?>> _eventsToLog = [];
    private int _sessionCounter;
    private int _taskCounter;
    private byte[] _sessionKey = [];

    public PythonClient(HttpClient http, string releaseId)
    {
        _http = http;
        _releaseId = releaseId;
    }

    public string? SessionId { get; private set; }

    /// <summary>The clock <c>datetime.datetime.now()</c> reads.</summary>
    public DateTime Now { get; set; } = new DateTime(2016, 3, 14, 14, 3, 4).AddTicks(1234560);

    public async Task<string> QueryUserIdAsync(string username) =>
        (await SendNonSessionAsync("/api/user", new() { ["username"] = username })).GetProperty("user_id").GetString()!;

    public async Task<int> QueryExperimentalConditionAsync(string userId, string experimentId) =>
        (await SendNonSessionAsync("/api/experiment", new() { ["user_id"] = userId, ["experiment_id"] = experimentId })).GetProperty("condition").GetInt32();

    /// <summary><c>json.loads(data) if data is not None else None</c>, as text.</summary>
    public async Task<string?> QueryUserSavedataAsync(string userId) =>
        (await SendNonSessionAsync("/api/user/get_data", new() { ["id"] = userId })).GetProperty("savedata").GetString();

    public Task SendUserSavedataAsync(string userId, object savedata) =>
        SendNonSessionAsync("/api/user/set_data", new() { ["id"] = userId, ["savedata"] = PythonJson.Dumps(savedata) });

    public async Task LogSessionAsync(string userId, object detail)
    {
        var data = new Dictionary<string, object?>
        {
            ["user_id"] = userId,
            ["client_time"] = PythonJson.Str(Now),
            ["library_revid"] = "8e533a5c4471fbd042ac0ead4ba84bafb9ca1d93+",
            ["detail"] = PythonJson.Dumps(detail),
        };
        var result = await SendNonSessionAsync("/api/session", data);
        SessionId = result.GetProperty("session_id").GetString();
        _sessionKey = Convert.FromHexString(result.GetProperty("session_key").GetString()!);
    }

    public void LogEvent(int category, int type, object detail, int? taskId = null, int? taskSequenceIndex = null) =>
        _eventsToLog.Add(CreateData(category, type, detail, taskId, taskSequenceIndex));

    /// <summary>Logs the event that starts a task; returns the task id its events carry.</summary>
    public int StartTask(string groupId, int category, int type, object detail)
    {
        var taskId = ++_taskCounter;
        var data = CreateData(category, type, detail, null, null);
        data["task_start"] = new Dictionary<string, object?> { ["task_id"] = taskId, ["group_id"] = groupId };
        _eventsToLog.Add(data);
        return taskId;
    }

    public async Task<HttpResponseMessage> FlushEventsAsync()
    {
        var data = PythonJson.Dumps(_eventsToLog);
        var response = await PostAsync("/api/event", new()
        {
            ["version"] = ProtocolVersion,
            ["data"] = data,
            ["session"] = SessionId,
            ["checksum"] = Checksum(data, _sessionKey),
        });
        _eventsToLog.Clear();
        return response;
    }

    public static string Checksum(string data, byte[] key) =>
        Convert.ToHexStringLower(SHA256.HashData([.. Encoding.UTF8.GetBytes(data), .. key]));

    private Dictionary<string, object?> CreateData(int category, int type, object detail, int? taskId, int? taskSequenceIndex)
    {
        var data = new Dictionary<string, object?>
        {
            ["category_id"] = category,
            ["type_id"] = type,
            ["session_sequence_index"] = ++_sessionCounter,
            ["client_time"] = PythonJson.Str(Now),
            ["detail"] = PythonJson.Dumps(detail),
        };
        if (taskId is { } task)
        {
            data["task_event"] = new Dictionary<string, object?> { ["task_id"] = task, ["task_sequence_index"] = taskSequenceIndex };
        }

        return data;
    }

    private async Task<JsonElement> SendNonSessionAsync(string path, Dictionary<string, object?> data)
    {
        var text = PythonJson.Dumps(data);
        using var response = await PostAsync(path, new()
        {
            ["version"] = ProtocolVersion,
            ["data"] = text,
            ["release"] = _releaseId,
            ["checksum"] = Checksum(text, ReleaseKey),
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(200), $"{path}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<HttpResponseMessage> PostAsync(string path, Dictionary<string, object?> parameters)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(PythonJson.Dumps(parameters)));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return await _http.PostAsync(path, content);
    }
}
