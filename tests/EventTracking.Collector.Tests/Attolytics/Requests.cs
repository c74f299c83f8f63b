using System.Net.Http.Headers;
using System.Text;

namespace EventTracking.Collector.Tests.Attolytics;

/// <summary>Requests as a plain HTTP client (curl, fetch, a game's HTTP library) sends them.</summary>
internal static class Requests
{
    public static HttpRequestMessage Post(string body, string? contentType = "application/json", string app = AttolyticsSchemas.MyApp, string prefix = "")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return new HttpRequestMessage(HttpMethod.Post, $"{prefix}/apps/{app}/events") { Content = content };
    }

    /// <summary>A body for the example app with the given events (JSON objects, comma-separated).</summary>
    public static string Body(string events, string key = AttolyticsSchemas.MyAppKey) =>
        $$"""{"secret_key":"{{key}}","events":[{{events}}]}""";

    /// <summary>A valid <c>events</c> table event marked with <paramref name="marker"/> in <c>user_id</c>.</summary>
    public static string Event(string marker, string extra = "") =>
        $$"""{"_t":"events","platform":"web","version":"1.2","event_type":"click","user_id":"{{marker}}"{{extra}}}""";

    public static HttpRequestMessage WithOrigin(this HttpRequestMessage request, string origin)
    {
        request.Headers.TryAddWithoutValidation("Origin", origin);
        return request;
    }

    /// <summary>Sends the request and reads the whole answer.</summary>
    public static async Task<Answer> ExchangeAsync(this HttpClient client, HttpRequestMessage request)
    {
        using (request)
        {
            var response = await client.SendAsync(request);
            return new Answer(response, await response.Content.ReadAsStringAsync());
        }
    }

    public static string Marker() => Guid.NewGuid().ToString("N");
}
