using EventTracking.Dashboard.Rendering;
using Microsoft.AspNetCore.Http;

namespace EventTracking.Dashboard.Pages;

/// <summary>The live tail: the embedded script follows <c>/tail/stream</c> (Server-Sent Events) and adds rows as text.</summary>
internal static class TailPage
{
    public static IResult Render(HttpContext http, DashboardContext dashboard)
    {
        var basePath = dashboard.BasePath(http);
        var name = DashboardFilterParser.Text(http.Request.Query, "name");
        var html = new HtmlWriter().Add($"""
            <form class="toolbar" id="tail-form" method="get" action="{basePath}/tail">
            <label>Name or prefix* <input name="name" id="tail-name" value="{name}" placeholder="edx.course.*"></label>
            <button type="submit">Filter</button>
            <button type="button" id="tail-pause" aria-pressed="false">Pause</button>
            <span id="tail-status" class="muted" role="status">Connecting…</span></form>
            <table id="tail" class="events" data-stream="{basePath}/tail/stream" data-events="{basePath}/events/"><thead><tr><th>Time</th><th>Name</th><th>User</th><th>Data</th></tr></thead>
            <tbody id="tail-rows"></tbody></table>
            <p class="muted">New events appear here as they are stored; the newest are on top, the 500 newest are kept.</p>
            """);
        return PageLayout.Page(http, dashboard, "Live tail", "/tail", html.ToMarkup());
    }
}
