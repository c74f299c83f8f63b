using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace EventTracking.Collector.Tests.Attolytics;

/// <summary>
/// A browser game's page talking to Attolytics as its <c>fetch()</c> calls do: a CORS preflight, then POSTs with
/// <c>Origin</c>, <c>Referer</c> and <c>Content-Type: application/json</c>, each event in the <c>events</c> table.
/// </summary>
internal sealed class BrowserSession(HttpClient client, string app, string secretKey, string origin)
{
    public const string Page = "/play";

    /// <summary>The player's id, in each event's <c>user_id</c>.</summary>
    public string UserId { get; } = Guid.NewGuid().ToString("N");

    public string PageUrl => origin + Page;

    /// <summary>What the browser sends before its first cross-origin POST with a JSON body.</summary>
    public async Task<HttpResponseMessage> PreflightAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, $"/apps/{app}/events");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return await client.SendAsync(request);
    }

    /// <summary>The body of a batch: each event's Unix time, type and optional score.</summary>
    public string Batch(params (double Time, string Type, int? Score)[] events) =>
        $$"""{"secret_key":"{{secretKey}}","events":[{{string.Join(",", events.Select(e =>
            $$"""{"_t":"events","time":{{e.Time.ToString(CultureInfo.InvariantCulture)}},"platform":"web","version":"2.0.1","user_id":"{{UserId}}","event_type":"{{e.Type}}"{{(e.Score is { } s ? $",\"score\":{s}" : "")}}}"""))}}]}""";

    /// <summary><c>fetch(url, {method: "POST", headers: {"Content-Type": "application/json"}, body})</c>.</summary>
    public async Task<HttpResponseMessage> PostAsync(string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/apps/{app}/events")
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("Origin", origin);
        request.Headers.Referrer = new Uri(PageUrl);
        request.Headers.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0");
        return await client.SendAsync(request);
    }
}
