using System.Globalization;
using EventTracking.Dashboard.Rendering;
using EventTracking.Reading;
using Microsoft.AspNetCore.Http;

namespace EventTracking.Dashboard.Pages;

/// <summary>Stored events by name, prefix, time range and context, newest first, a page at a time.</summary>
internal static class SearchPage
{
    private const int PageSize = 50;

    public static async Task<IResult> RenderAsync(HttpContext http, DashboardContext dashboard)
    {
        var reader = dashboard.ReaderOrProblem(out _);
        if (reader is null)
        {
            return PageLayout.Error(http, dashboard, "Search", dashboard.Reader.Get().Problem ?? "No event store.", StatusCodes.Status503ServiceUnavailable);
        }

        var query = http.Request.Query;
        if (!DashboardFilterParser.TryParse(query, out var filter, out var error))
        {
            return PageLayout.Error(http, dashboard, "Search", error!, StatusCodes.Status400BadRequest);
        }

        EventCursor? after = null;
        if (DashboardFilterParser.Text(query, "after") is { } token)
        {
            if (!EventCursor.TryParse(token, out var cursor))
            {
                return PageLayout.Error(http, dashboard, "Search", $"after '{token}' is not a cursor from this dashboard.", StatusCodes.Status400BadRequest);
            }

            after = cursor;
        }

        var page = await reader.ReadAsync(new EventReadQuery { Filter = filter, After = after, Limit = PageSize }, http.RequestAborted).ConfigureAwait(false);
        var basePath = dashboard.BasePath(http);
        var html = new HtmlWriter();
        var context = string.Join("\n", (filter.Context ?? new Dictionary<string, string>()).Select(kv => kv.Key + "=" + kv.Value));
        html.Add($"""
            <form class="toolbar search" method="get" action="{basePath}/events">
            <label>Name <input name="name" value="{filter.Name}"></label>
            <label>Name prefix <input name="prefix" value="{filter.NamePrefix}"></label>
            <label>From <input name="from" placeholder="2026-11-30T10:00Z" value="{Time(filter.From)}"></label>
            <label>To <input name="to" placeholder="2026-11-30T11:00Z" value="{Time(filter.To)}"></label>
            <label>Context <input name="ctx" placeholder="user_id=42" value="{context}"></label>
            <button type="submit">Search</button></form>
            <table id="results" class="events"><thead><tr><th>Time</th><th>Name</th><th>User</th><th>Data</th></tr></thead><tbody>
            """);
        foreach (var evt in page.Events)
        {
            html.Add($"""
                <tr><td class="time">{evt.Timestamp}</td><td><a href="{basePath}/events/{evt.Id}">{evt.Name}</a></td>
                <td>{Scalar(evt.Context.GetValueOrDefault(DistinctUsersQuery.DefaultUserKey))}</td><td class="data"><code>{Summary(evt)}</code></td></tr>
                """);
        }

        html.Add($"</tbody></table>");
        if (page.Events.Count == 0)
        {
            html.Add($"""<p class="muted">No events match.</p>""");
        }

        if (page.Next is { } next)
        {
            var more = DashboardFilterParser.ToQuery(filter);
            html.Add($"""<p><a class="next" href="{basePath}/events?{more}{(more.Length == 0 ? "" : "&")}after={next.ToString()}">Older events →</a></p>""");
        }

        return PageLayout.Page(http, dashboard, "Search", "/events", html.ToMarkup());
    }

    /// <summary>The data as one line of JSON, cut at 200 characters.</summary>
    public static string Summary(TrackingEvent evt)
    {
        using var stream = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(stream, EventJson.WriterOptions))
        {
            EventJson.WriteValue(writer, evt.Data);
        }

        var data = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        return data.Length > 200 ? string.Concat(data.AsSpan(0, 200), "…") : data;
    }

    private static string Scalar(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static string? Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture);
}
