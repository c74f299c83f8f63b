using System.Globalization;
using EventTracking.Dashboard.Rendering;
using EventTracking.Reading;
using Microsoft.AspNetCore.Http;

namespace EventTracking.Dashboard.Pages;

/// <summary>Every event name with its count, first and last seen, and the fields its newest events carry in data and context.</summary>
internal static class CatalogPage
{
    public static async Task<IResult> RenderAsync(HttpContext http, DashboardContext dashboard)
    {
        var reader = dashboard.ReaderOrProblem(out _);
        if (reader is null)
        {
            return PageLayout.Error(http, dashboard, "Catalog", dashboard.Reader.Get().Problem ?? "No event store.", StatusCodes.Status503ServiceUnavailable);
        }

        if (!DashboardFilterParser.TryParse(http.Request.Query, out var filter, out var error))
        {
            return PageLayout.Error(http, dashboard, "Catalog", error!, StatusCodes.Status400BadRequest);
        }

        var catalog = await reader.GetCatalogAsync(new EventCatalogQuery { Filter = filter }, http.RequestAborted).ConfigureAwait(false);
        var basePath = dashboard.BasePath(http);
        var html = new HtmlWriter();
        html.Add($"""
            <form class="toolbar" method="get" action="{basePath}/catalog"><label>Name prefix <input name="prefix" value="{filter.NamePrefix}"></label>
            <button type="submit">Filter</button> <span class="muted">{catalog.Count} names; fields inferred from up to 200 newest events of each.</span></form>
            <table id="catalog" class="catalog"><thead><tr><th>Name</th><th class="num">Events</th><th>First seen</th><th>Last seen</th></tr></thead>
            """);
        foreach (var entry in catalog)
        {
            html.Add($"""
                <tbody class="catalog-name" data-name="{entry.Name}">
                <tr class="name-row"><td><a href="{basePath}/events?name={Uri.EscapeDataString(entry.Name)}">{entry.Name}</a></td><td class="num">{entry.Count}</td><td>{entry.FirstSeen}</td><td>{entry.LastSeen}</td></tr>
                <tr><td colspan="4"><table class="fields"><thead><tr><th>Field</th><th>In</th><th>Types</th><th class="num">Present</th><th>Examples</th></tr></thead><tbody>
                """);
            foreach (var field in entry.Fields)
            {
                var presence = field.Presence.ToString("P0", CultureInfo.InvariantCulture);
                html.Add($"""<tr class="field" data-field="{field.Path}" data-source="{field.Source}"><td><code>{field.Path}</code></td><td>{field.Source.ToString().ToLowerInvariant()}</td><td>{Types(field.Types)}</td><td class="num">{presence}</td><td>""");
                foreach (var example in field.Examples)
                {
                    html.Add($"""<code class="example">{example}</code> """);
                }

                html.Add($"</td></tr>");
            }

            if (entry.Fields.Count == 0)
            {
                html.Add($"""<tr><td colspan="5" class="muted">No fields.</td></tr>""");
            }

            html.Add($"</tbody></table></td></tr></tbody>");
        }

        html.Add($"</table>");
        if (catalog.Count == 0)
        {
            html.Add($"""<p class="muted">No events stored yet.</p>""");
        }

        return PageLayout.Page(http, dashboard, "Catalog", "/catalog", html.ToMarkup());
    }

    private static string Types(EventFieldTypes types) =>
        types == EventFieldTypes.None
            ? "none"
            : string.Join(" | ", Enum.GetValues<EventFieldTypes>().Where(t => t != EventFieldTypes.None && types.HasFlag(t)).Select(t => t.ToString().ToLowerInvariant()));
}
