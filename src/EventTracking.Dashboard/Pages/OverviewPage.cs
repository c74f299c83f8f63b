using System.Text.Json;
using EventTracking.Dashboard.Rendering;
using EventTracking.Reading;
using Microsoft.AspNetCore.Http;

namespace EventTracking.Dashboard.Pages;

/// <summary>
/// Events per minute, hour or day by name for a chosen range (drawn by the embedded script from a JSON data island),
/// distinct users per day and the top names, with the numbers also in tables.
/// </summary>
internal static class OverviewPage
{
    public const string Other = "(other)";

    public static async Task<IResult> RenderAsync(HttpContext http, DashboardContext dashboard, TimeProvider time)
    {
        var reader = dashboard.ReaderOrProblem(out var problem);
        if (reader is null)
        {
            return PageLayout.Error(http, dashboard, "Overview", ProblemText(problem), StatusCodes.Status503ServiceUnavailable);
        }

        var rangeKey = DashboardFilterParser.Text(http.Request.Query, "range");
        if (OverviewRange.Find(rangeKey) is not { } range)
        {
            return PageLayout.Error(http, dashboard, "Overview", $"range '{rangeKey}' is not one of {string.Join(", ", OverviewRange.All.Select(r => r.Key))}.", StatusCodes.Status400BadRequest);
        }

        var now = time.GetUtcNow();
        var from = EventCountQuery.BucketStart(now - range.Length, range.Bucket) + EventCountQuery.LengthOf(range.Bucket);
        var counts = await reader.CountByNameAsync(
            new EventCountQuery { Filter = new EventFilter { From = from }, Bucket = range.Bucket }, http.RequestAborted).ConfigureAwait(false);
        var days = Math.Max(7, (int)Math.Ceiling(range.Length.TotalDays));
        var firstDay = EventCountQuery.BucketStart(now, TimeBucket.Day).AddDays(1 - days);
        var users = await reader.CountDistinctUsersAsync(
            new DistinctUsersQuery { Filter = new EventFilter { From = firstDay } }, http.RequestAborted).ConfigureAwait(false);

        var totals = counts.GroupBy(c => c.Name, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Total: g.Sum(c => c.Count)))
            .OrderByDescending(t => t.Total).ThenBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        var data = ChartData(counts, totals, from, now, range.Bucket, dashboard.Options.ChartNames, users, firstDay, days);
        return PageLayout.Page(http, dashboard, "Overview", "", Body(dashboard.BasePath(http), range, from, totals, users, data));
    }

    private static string ProblemText(IResult? problem) =>
        problem is Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult p ? p.ProblemDetails.Detail ?? "No event store." : "No event store.";

    private static Markup Body(string basePath, OverviewRange range, DateTimeOffset from, List<(string Name, long Total)> totals, IReadOnlyList<DailyUserCount> users, string data)
    {
        var html = new HtmlWriter();
        html.Add($"""<form class="toolbar" method="get" action="{basePath}/"><label>Range <select name="range" id="range">""");
        foreach (var option in OverviewRange.All)
        {
            var selected = option == range ? new Markup(" selected") : Markup.Empty;
            html.Add($"""<option value="{option.Key}"{selected}>{option.Label}</option>""");
        }

        html.Add($"""
            </select></label> <button type="submit">Show</button>
            <span class="muted">from {from} by {range.Bucket.ToString().ToLowerInvariant()}; {totals.Sum(t => t.Total)} events</span></form>
            <section><h2>Events per {range.Bucket.ToString().ToLowerInvariant()} by name</h2>
            <div id="events-chart" class="chart" role="img" aria-label="Events per {range.Bucket.ToString().ToLowerInvariant()} by name"></div>
            <div id="events-legend" class="legend"></div></section>
            <section class="columns"><div><h2>Top names</h2>
            <table id="top-names"><thead><tr><th>Name</th><th class="num">Events</th></tr></thead><tbody>
            """);
        foreach (var (name, total) in totals)
        {
            html.Add($"""<tr><td><a href="{basePath}/events?name={Uri.EscapeDataString(name)}">{name}</a></td><td class="num">{total}</td></tr>""");
        }

        if (totals.Count == 0)
        {
            html.Add($"""<tr><td colspan="2" class="muted">No events in this range.</td></tr>""");
        }

        html.Add($"""
            </tbody></table></div>
            <div><h2>Distinct users per day</h2><div id="users-chart" class="chart small" role="img" aria-label="Distinct users per day"></div>
            <table id="users"><thead><tr><th>Day</th><th class="num">Users</th></tr></thead><tbody>
            """);
        foreach (var day in users)
        {
            html.Add($"""<tr><td>{day.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}</td><td class="num">{day.Users}</td></tr>""");
        }

        html.Add($"""
            </tbody></table><p class="muted">A user is a distinct value of the context key <code>user_id</code>.</p></div></section>
            <script type="application/json" id="overview-data">{new Markup(data)}</script>
            """);
        return html.ToMarkup();
    }

    // JsonSerializer's default encoder escapes <, >, & and quotes, so the island cannot close its script element.
    private static string ChartData(
        IReadOnlyList<EventCount> counts, List<(string Name, long Total)> totals, DateTimeOffset from, DateTimeOffset now, TimeBucket bucket,
        int chartNames, IReadOnlyList<DailyUserCount> users, DateTimeOffset firstDay, int days)
    {
        var length = EventCountQuery.LengthOf(bucket);
        var bucketCount = (int)Math.Floor((now - from) / length) + 1;
        var shown = totals.Take(chartNames).Select(t => t.Name).ToList();
        var index = shown.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
        var hasOther = totals.Count > chartNames;
        var series = new long[shown.Count + (hasOther ? 1 : 0)][];
        for (var i = 0; i < series.Length; i++)
        {
            series[i] = new long[bucketCount];
        }

        foreach (var count in counts)
        {
            var b = (int)((count.BucketStart - from) / length);
            if (b < 0 || b >= bucketCount)
            {
                continue;
            }

            series[index.TryGetValue(count.Name, out var s) ? s : series.Length - 1][b] += count.Count;
        }

        var names = hasOther ? [.. shown, Other] : shown;
        var userDays = Enumerable.Range(0, days).Select(d => DateOnly.FromDateTime(firstDay.AddDays(d).UtcDateTime)).ToList();
        var userCounts = users.ToDictionary(u => u.Day, u => u.Users);
        return JsonSerializer.Serialize(new
        {
            from = from.UtcDateTime,
            bucketSeconds = (long)length.TotalSeconds,
            buckets = Enumerable.Range(0, bucketCount).Select(i => from.Add(length * i).UtcDateTime).ToList(),
            series = names.Select((n, i) => new { name = n, counts = series[i] }).ToList(),
            users = userDays.Select(d => new { day = d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), users = userCounts.GetValueOrDefault(d) }).ToList(),
        });
    }
}
