using System.Text.Json;

namespace EventTracking.Tests.Http;

/// <summary>One request as the test collector saw it.</summary>
/// <param name="At">When it arrived, on the collector's clock.</param>
/// <param name="Headers">The request headers, names lower-cased.</param>
/// <param name="RawBody">The body as sent.</param>
/// <param name="Json">The body after gzip decoding.</param>
internal sealed record ReceivedRequest(TimeSpan At, IReadOnlyDictionary<string, string> Headers, byte[] RawBody, string Json)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;

    /// <summary>The ids of the events in the body, in order.</summary>
    public Guid[] EventIds()
    {
        using var document = JsonDocument.Parse(Json);
        return document.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).ToArray();
    }
}
