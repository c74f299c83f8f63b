using System.Globalization;
using System.Text;

namespace EventTracking.Collector.Tests.Papika.Support;

/// <summary>
/// Papika's Unity client, request for request: envelopes serialized by its tiny JSON writer, <c>client_time</c> from
/// <c>DateTime.ToString()</c> in the culture the game runs under, <c>/api/...</c> resolved against the base URI's
/// root, and responses taken apart by splitting strings instead of parsing JSON. Events wait in a queue until
/// <see cref="FlushAsync"/>, which sends them all and keeps them when the request fails.
/// </summary>
internal sealed class UnityClient
{
    private const int ProtocolVersion = 2;

    private readonly HttpClient _http;
    private readonly Uri _baseUri;
    private readonly Guid _releaseId;
    private readonly CultureInfo _culture;
    private readonly List<object?> _eventsToLog = [];
    private int _sessionSequenceCounter = 1;
    private int _taskIdCounter = 1;

    public UnityClient(HttpClient http, Uri baseUri, Guid releaseId, CultureInfo culture)
    {
        _http = http;
        _baseUri = baseUri;
        _releaseId = releaseId;
        _culture = culture;
    }

    public Guid? SessionId { get; private set; }

    public string? SessionKey { get; private set; }

    public int Pending => _eventsToLog.Count;

    /// <summary>The clock the client reads for <c>DateTime.Now</c>.</summary>
    public DateTime Now { get; set; } = new(2016, 3, 14, 14, 3, 4);

    public async Task<Guid> QueryUserIdAsync(string username)
    {
        var text = await SendNonSessionAsync("/api/user", new Dictionary<string, object?> { ["username"] = username });

        // As the client does it: split on ':' and take what sits between the next two quotes.
        var split = text.Split(':');
        Assert.That(split, Has.Length.EqualTo(2), $"QueryUserId received ill-formatted JSON: {text}");
        var s2 = split[1];
        var start = s2.IndexOf('"') + 1;
        var end = s2.IndexOf('"', start);
        return new Guid(s2[start..end]);
    }

    public async Task<int> QueryExperimentalConditionAsync(Guid userId, Guid experimentId)
    {
        var text = await SendNonSessionAsync("/api/experiment", new Dictionary<string, object?> { ["user_id"] = userId, ["experiment_id"] = experimentId });
        var split = text.Split(':');
        Assert.That(split, Has.Length.EqualTo(2), $"QueryExperimentalCondition received ill-formatted JSON: {text}");
        return int.Parse(split[1].Replace("}", string.Empty).Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>The client hands the raw response text to the game.</summary>
    public Task<string> QueryUserDataAsync(Guid userId) =>
        SendNonSessionAsync("/api/user/get_data", new Dictionary<string, object?> { ["id"] = userId });

    public Task<string> SetUserDataAsync(Guid userId, string savedata) =>
        SendNonSessionAsync("/api/user/set_data", new Dictionary<string, object?> { ["id"] = userId, ["savedata"] = savedata });

    public async Task StartSessionAsync(Guid userId, string detail)
    {
        var data = new Dictionary<string, object?>
        {
            ["user_id"] = userId,
            ["release_id"] = _releaseId,
            ["client_time"] = Now.ToString(_culture),
            ["detail"] = detail,
            ["library_revid"] = "UNKNOWN_REVISION_ID",
        };
        var text = await SendNonSessionAsync("/api/session", data);

        // As the client does it: strip braces and quotes, split on ',' then on ':'.
        var s2 = text.Replace("{", string.Empty).Replace("}", string.Empty).Replace("\"", string.Empty).Trim();
        var split = s2.Split(',');
        Assert.That(split, Has.Length.EqualTo(2), $"LogSession received ill-formatted JSON: {text}");
        SessionId = new Guid(split[0].Split(':')[1].Trim());
        SessionKey = split[1].Split(':')[1].Trim();
    }

    public void LogEvent(short category, short type, string detail) => Queue(BuildEvent(category, type, detail, task: null));

    /// <summary>Starts a task with an event of its own and returns the logger of its events.</summary>
    public UnityTask StartTask(Guid group, short category, short type, string detail)
    {
        var evt = BuildEvent(category, type, detail, task: null);
        var taskId = _taskIdCounter++;
        evt.Add("task_start", new Dictionary<string, object?> { ["task_id"] = taskId, ["group_id"] = group });
        Queue(evt);
        return new UnityTask(this, taskId);
    }

    /// <summary>Sends every queued event; on success they leave the queue, on failure they stay for the next flush.</summary>
    /// <returns>Whether the server answered with success.</returns>
    public async Task<bool> FlushAsync()
    {
        if (SessionId is null || _eventsToLog.Count == 0)
        {
            return true;
        }

        var events = _eventsToLog.ToArray();
        var values = new Dictionary<string, object?>
        {
            ["version"] = ProtocolVersion,
            ["data"] = MicroJson.Serialize(events),
            ["session"] = SessionId.Value.ToString(),
            ["checksum"] = string.Empty,
        };
        var (ok, _) = await PostAsync(new Uri(_baseUri, "/api/event"), MicroJson.Serialize(values));
        if (ok)
        {
            _eventsToLog.RemoveRange(0, events.Length);
        }

        return ok;
    }

    internal Dictionary<string, object?> BuildEvent(short category, short type, string detail, (int TaskId, int Sequence)? task)
    {
        var evt = new Dictionary<string, object?>
        {
            ["category_id"] = category,
            ["type_id"] = type,
            ["client_time"] = Now.ToString(_culture),
            ["detail"] = detail,
        };
        if (task is { } member)
        {
            evt.Add("task_event", new Dictionary<string, object?> { ["task_id"] = member.TaskId, ["task_sequence_index"] = member.Sequence });
        }

        return evt;
    }

    internal void Queue(Dictionary<string, object?> evt)
    {
        evt.Add("session_sequence_index", _sessionSequenceCounter++);
        _eventsToLog.Add(evt);
    }

    private async Task<string> SendNonSessionAsync(string path, Dictionary<string, object?> data)
    {
        var values = new Dictionary<string, object?>
        {
            ["version"] = ProtocolVersion,
            ["data"] = MicroJson.Serialize(data),
            ["release"] = _releaseId,
            ["checksum"] = string.Empty,
        };
        var (ok, text) = await PostAsync(new Uri(_baseUri, path), MicroJson.Serialize(values));
        Assert.That(ok, Is.True, $"{path} failed: {text}");
        return text;
    }

    private async Task<(bool Ok, string Text)> PostAsync(Uri url, string json)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await _http.PostAsync(url, content);
        return (response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
