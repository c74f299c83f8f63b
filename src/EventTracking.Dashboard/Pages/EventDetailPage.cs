using System.Text;
using System.Text.Json;
using EventTracking.Dashboard.Rendering;
using Microsoft.AspNetCore.Http;

namespace EventTracking.Dashboard.Pages;

/// <summary>One stored event: its canonical JSON, indented, as text; and the same JSON raw at <c>/events/{id}.json</c>.</summary>
internal static class EventDetailPage
{
    public static async Task<IResult> RenderAsync(HttpContext http, DashboardContext dashboard, string id, bool json)
    {
        var reader = dashboard.ReaderOrProblem(out var problem);
        if (reader is null)
        {
            return json ? problem! : PageLayout.Error(http, dashboard, "Event", dashboard.Reader.Get().Problem ?? "No event store.", StatusCodes.Status503ServiceUnavailable);
        }

        if (!Guid.TryParse(id, out var guid))
        {
            return json
                ? Results.Problem($"'{id}' is not an event id.", statusCode: StatusCodes.Status400BadRequest)
                : PageLayout.Error(http, dashboard, "Event", $"'{id}' is not an event id.", StatusCodes.Status400BadRequest);
        }

        var evt = await reader.FindAsync(guid, http.RequestAborted).ConfigureAwait(false);
        if (evt is null)
        {
            return json
                ? Results.Problem($"No stored event has the id {guid}.", statusCode: StatusCodes.Status404NotFound)
                : PageLayout.Error(http, dashboard, "Event", $"No stored event has the id {guid}.", StatusCodes.Status404NotFound);
        }

        var canonical = EventJson.Serialize(evt);
        if (json)
        {
            return Results.Text(canonical, "application/json", Encoding.UTF8);
        }

        var basePath = dashboard.BasePath(http);
        var html = new HtmlWriter().Add($"""
            <dl class="event"><dt>Name</dt><dd id="event-name">{evt.Name}</dd><dt>Time</dt><dd>{evt.Timestamp}</dd><dt>Id</dt><dd><code>{evt.Id}</code></dd></dl>
            <h2>Canonical JSON</h2>
            <pre id="event-json">{Indented(canonical)}</pre>
            <p><a href="{basePath}/events/{evt.Id}.json">Raw JSON</a> · <a href="{basePath}/events?name={Uri.EscapeDataString(evt.Name)}">More {evt.Name} events</a></p>
            """);
        return PageLayout.Page(http, dashboard, "Event", "/events", html.ToMarkup());
    }

    private static string Indented(string json)
    {
        using var document = JsonDocument.Parse(json);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = EventJson.WriterOptions.Encoder }))
        {
            document.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
