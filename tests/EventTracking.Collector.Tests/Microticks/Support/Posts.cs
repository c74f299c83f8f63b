using System.Net.Http.Headers;
using System.Text;

namespace EventTracking.Collector.Tests.Microticks.Support;

/// <summary>Raw requests to the Microticks routes, for the shapes the jQuery client never sends.</summary>
internal static class Posts
{
    public static async Task<(int Status, string Body, HttpResponseMessage Response)> FormAsync(HttpClient client, string path, params (string Name, string Value)[] fields)
    {
        var response = await client.PostAsync(MicroticksSetup.Prefix + path, JQueryMicroticksClient.JQueryForm(fields));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    public static async Task<(int Status, string Body)> RawAsync(HttpClient client, string path, string body, string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await client.PostAsync(MicroticksSetup.Prefix + path, content);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<(int Status, string Body)> GetAsync(HttpClient client, string pathAndQuery)
    {
        using var response = await client.GetAsync(MicroticksSetup.Prefix + pathAndQuery);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
