using EventTracking.Dashboard.Rendering;
using Microsoft.AspNetCore.Http;

namespace EventTracking.Dashboard.Pages;

/// <summary>The page around every dashboard view: head with the embedded stylesheet and script, navigation, footer.</summary>
internal static class PageLayout
{
    private static readonly (string Path, string Label)[] Tabs =
    [
        ("", "Overview"),
        ("/tail", "Live tail"),
        ("/catalog", "Catalog"),
        ("/events", "Search"),
    ];

    public static IResult Page(HttpContext http, DashboardContext dashboard, string title, string activeTab, Markup body, int statusCode = StatusCodes.Status200OK)
    {
        var basePath = dashboard.BasePath(http);
        var html = new HtmlWriter();
        html.Add($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>{title} · {dashboard.Options.Title}</title>
            <link rel="stylesheet" href="{basePath}/assets/dashboard.css">
            <script src="{basePath}/assets/dashboard.js" defer></script>
            </head>
            <body data-base="{basePath}">
            <header><a class="brand" href="{basePath}/">{dashboard.Options.Title}</a><nav>
            """);
        foreach (var (path, label) in Tabs)
        {
            var active = path == activeTab ? new Markup(" class=\"active\" aria-current=\"page\"") : Markup.Empty;
            html.Add($"""<a href="{basePath}{path}"{active}>{label}</a>""");
        }

        html.Add($"""
            </nav></header>
            <main>
            <h1>{title}</h1>
            {body}
            </main>
            <footer>Times are UTC.</footer>
            </body>
            </html>
            """);
        return new HtmlResult(html.ToString(), statusCode);
    }

    public static IResult Error(HttpContext http, DashboardContext dashboard, string title, string message, int statusCode)
    {
        var body = new HtmlWriter().Add($"""<p class="error" role="alert">{message}</p>""").ToMarkup();
        return Page(http, dashboard, title, "-", body, statusCode);
    }
}
