using System.Text.Json;

namespace EventTracking.Collector.Tests.Support;

internal static class JsonAssert
{
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
