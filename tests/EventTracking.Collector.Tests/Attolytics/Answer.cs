namespace EventTracking.Collector.Tests.Attolytics;

/// <summary>A response read whole.</summary>
internal sealed record Answer(HttpResponseMessage Response, string Body)
{
    public int Status => (int)Response.StatusCode;

    /// <summary>A response header's values joined with <c>, </c>, or <see langword="null"/> when absent.</summary>
    public string? Header(string name) =>
        Response.Headers.TryGetValues(name, out var values) || Response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;
}
