using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace EventTracking.Collector.Tests.Microticks.Support;

/// <summary>
/// Sends what <c>examples/microticks.js</c> sends through jQuery: one request at a time, each a form post
/// (<c>$.ajax({method: "POST", dataType: "json", data: payload})</c>) with <c>ts</c> set to <c>new Date().toISOString()</c>
/// and <c>token</c> to the session token (empty before there is one), encoded as <c>jQuery.param</c> encodes.
/// </summary>
internal sealed class JQueryMicroticksClient
{
    private readonly HttpClient _http;
    private readonly string _host;
    private readonly string _consumerKey;

    public JQueryMicroticksClient(HttpClient http, string host, string consumerKey)
    {
        _http = http;
        _host = host;
        _consumerKey = consumerKey;
    }

    /// <summary>The session token the server gave, or <see langword="null"/>.</summary>
    public string? SessionToken { get; private set; }

    /// <summary>The page's clock: each request reads it, then it moves on one second.</summary>
    public DateTimeOffset Now { get; set; } = new(2017, 8, 25, 17, 9, 19, 438, TimeSpan.Zero);

    /// <summary>The <c>ts</c> sent with the last request.</summary>
    public string LastTs { get; private set; } = "";

    /// <summary><c>startSession()</c>: posts the consumer key and keeps the token.</summary>
    public async Task<JsonElement> StartSessionAsync()
    {
        var body = await PostAsync("/sessions", ("consumer_key", _consumerKey));
        SessionToken = body.GetProperty("token").GetString();
        return body;
    }

    /// <summary><c>trackEvent(action, data)</c>: posts the action and <c>JSON.stringify(data)</c>.</summary>
    public Task<JsonElement> TrackEventAsync(string action, object? data) =>
        PostAsync("/events", ("action", action), ("data", JsonSerializer.Serialize(data)));

    /// <summary><c>stopSession(reason)</c>: a <c>stopSession</c> event, then <c>/sessions/stop</c>, then forgets the token.</summary>
    public async Task StopSessionAsync(string reason)
    {
        await TrackEventAsync("stopSession", new { reason });
        await PostAsync("/sessions/stop");
        SessionToken = null;
    }

    /// <summary>Posts like <c>MicroticksService.post</c> and fails the test unless the answer is a 200 JSON body.</summary>
    public async Task<JsonElement> PostAsync(string path, params (string Name, string Value)[] payload)
    {
        using var response = await SendAsync(path, payload);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(200), text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<HttpResponseMessage> SendAsync(string path, params (string Name, string Value)[] payload)
    {
        LastTs = Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        Now = Now.AddSeconds(1);
        var fields = payload.Append(("ts", LastTs)).Append(("token", SessionToken ?? ""));
        using var request = new HttpRequestMessage(HttpMethod.Post, _host.TrimEnd('/') + "/" + path.TrimStart('/'))
        {
            Content = JQueryForm(fields),
        };
        request.Headers.Accept.ParseAdd("application/json, text/javascript, */*; q=0.01");
        request.Headers.Add("Origin", MicroticksSetup.Origin);
        return await _http.SendAsync(request);
    }

    /// <summary>A body as <c>jQuery.param</c> writes it: <c>encodeURIComponent</c> with spaces as <c>+</c>.</summary>
    public static ByteArrayContent JQueryForm(IEnumerable<(string Name, string Value)> fields)
    {
        var text = string.Join("&", fields.Select(f => EncodeUriComponent(f.Name) + "=" + EncodeUriComponent(f.Value)));
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=UTF-8");
        return content;
    }

    private static string EncodeUriComponent(string value) =>
        Uri.EscapeDataString(value)
            .Replace("%21", "!", StringComparison.Ordinal).Replace("%27", "'", StringComparison.Ordinal)
            .Replace("%28", "(", StringComparison.Ordinal).Replace("%29", ")", StringComparison.Ordinal)
            .Replace("%2A", "*", StringComparison.Ordinal).Replace("%20", "+", StringComparison.Ordinal);
}
