using EventTracking.Dashboard.Tests.Support;
using EventTracking.Reading;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventTracking.Dashboard.Tests;

/// <summary>The overview, catalog, search and detail pages in a real browser against a real Kestrel and SQLite file.</summary>
[TestFixture]
public sealed class DashboardPageTests : BrowserFixture
{
    private const string Hostile = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">";

    [OneTimeSetUp]
    public async Task StoreEventsAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var events = new List<TrackingEvent>();
        var names = new[] { "course.viewed", "course.enrolled", "video.played" };
        for (var i = 0; i < 90; i++)
        {
            events.Add(new TrackingEvent(
                Guid.CreateVersion7(),
                names[i % 3 == 0 ? 0 : i % 5 == 0 ? 1 : 2],
                now.AddMinutes(-(i % 50)).AddSeconds(-i),
                new { user_id = 100 + (i % 7), org = "edX" },
                new { position = i, course = new { id = "course-v1:" + (i % 4) } }));
        }

        // Hostile in the name, in values and in keys (of context and data, nested too).
        events.Add(new TrackingEvent(
            Guid.CreateVersion7(),
            Hostile,
            now.AddMinutes(-3),
            new Dictionary<string, object?> { ["user_id"] = Hostile, [Hostile] = "context-key" },
            new Dictionary<string, object?> { ["comment"] = Hostile, [Hostile] = new Dictionary<string, object?> { [Hostile] = 1 } }));
        await Host.StoreAsync([.. events]);
    }

    [Test]
    public async Task TheOverviewChartShowsTheCountsThatAreInTheStore()
    {
        await Page.GotoAsync(Host.DashboardUrl + "/?range=1h");
        await Expect(Page.Locator("#events-svg rect[data-name]").First).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(Page, "overview");

        var drawn = await Page.Locator("#events-svg rect[data-name]").EvaluateAllAsync<string[][]>(
            "rects => rects.map(r => [r.getAttribute('data-name'), r.getAttribute('data-count')])");
        var chart = drawn.GroupBy(b => b[0]).ToDictionary(g => g.Key, g => g.Sum(b => long.Parse(b[1], System.Globalization.CultureInfo.InvariantCulture)));

        var from = EventCountQuery.BucketStart(DateTimeOffset.UtcNow.AddHours(-1), TimeBucket.Minute).AddMinutes(1);
        var stored = (await Host.Store.CountByNameAsync(new EventCountQuery { Filter = new EventFilter { From = from }, Bucket = TimeBucket.Minute }))
            .GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
        Assert.That(stored, Has.Count.EqualTo(4), "three names and the hostile one");
        Assert.That(chart, Is.EquivalentTo(stored));

        var table = await Page.Locator("#top-names tbody tr").EvaluateAllAsync<string[][]>(
            "rows => rows.map(r => Array.from(r.cells).map(c => c.textContent))");
        Assert.That(table.ToDictionary(r => r[0], r => long.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture)), Is.EquivalentTo(stored));
        Assert.That(await Page.Locator("#users-svg rect[data-users]").CountAsync(), Is.EqualTo(7), "seven days of users");
        Assert.That(PageErrors, Is.Empty);
    }

    [Test]
    public async Task TheCatalogListsEachNameWithItsFields()
    {
        await Page.GotoAsync(Host.DashboardUrl + "/catalog");
        var viewed = Page.Locator("tbody.catalog-name[data-name='course.viewed']");
        await Expect(viewed).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(Page, "catalog");

        var catalog = await Host.Store.GetCatalogAsync(new EventCatalogQuery());
        Assert.That(await Page.Locator("tbody.catalog-name").EvaluateAllAsync<string[]>("b => b.map(x => x.getAttribute('data-name'))"),
            Is.EqualTo(catalog.Select(c => c.Name).ToArray()));
        await Expect(viewed.Locator("tr.name-row td").Nth(1)).ToHaveTextAsync(catalog.Single(c => c.Name == "course.viewed").Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (source, field) in new[] { ("Data", "position"), ("Data", "course.id"), ("Context", "user_id"), ("Context", "org") })
        {
            await Expect(viewed.Locator($"tr.field[data-source='{source}'][data-field='{field}']")).ToHaveCountAsync(1);
        }

        await Expect(viewed.Locator("tr.field[data-field='position'] td").Nth(2)).ToHaveTextAsync("integer");
        await Expect(viewed.Locator("tr.field[data-field='org'] code.example")).ToHaveTextAsync("edX");
    }

    [Test]
    public async Task ScriptInEventsShowsAsTextOnEveryPage()
    {
        var hostile = (await Host.Store.ReadAsync(new EventReadQuery { Filter = new EventFilter { Name = Hostile } })).Events.Single();
        var pages = new[]
        {
            ("overview", "/?range=1h", "#top-names"),
            ("catalog", "/catalog", "#catalog"),
            ("search", "/events?name=" + Uri.EscapeDataString(Hostile), "#results"),
            ("detail", "/events/" + hostile.Id, "#event-json"),
        };
        foreach (var (name, path, container) in pages)
        {
            await Page.GotoAsync(Host.DashboardUrl + path);
            await Expect(Page.Locator(container)).ToContainTextAsync("<script>window.__pwned = 1</script>");
            Assert.That(await Page.EvaluateAsync<bool>("() => window.__pwned === undefined"), Is.True, name);
            Assert.That(await Page.Locator($"{container} script, {container} img").CountAsync(), Is.Zero, $"{name}: no element was made from event text");
            await Chromium.ScreenshotAsync(Page, name);
        }

        // The catalog lists the hostile keys as fields, as text.
        await Page.GotoAsync(Host.DashboardUrl + "/catalog");
        var fields = Page.Locator("tbody.catalog-name tr.field");
        await Expect(fields.Filter(new() { HasText = "<script>window.__pwned = 1</script>" }).First).ToBeVisibleAsync();
        Assert.That(await fields.Filter(new() { HasText = "<script>window.__pwned = 1</script>" }).CountAsync(), Is.GreaterThanOrEqualTo(3), "context key, data key, nested data key");
        Assert.That(await Page.Locator("#catalog script, #catalog img").CountAsync(), Is.Zero);
        Assert.That(await Page.EvaluateAsync<bool>("() => window.__pwned === undefined"), Is.True, "catalog keys");
        Assert.That(PageErrors, Is.Empty);
    }

    [Test]
    public async Task TheDetailShowsTheCanonicalJson()
    {
        var stored = (await Host.Store.ReadAsync(new EventReadQuery { Filter = new EventFilter { Name = "course.enrolled" }, Limit = 1 })).Events.Single();
        await Page.GotoAsync(Host.DashboardUrl + "/events?name=course.enrolled");
        await Page.Locator($"#results a[href$='{stored.Id}']").ClickAsync();
        await Expect(Page.Locator("#event-name")).ToHaveTextAsync("course.enrolled");
        var shown = await Page.Locator("#event-json").TextContentAsync();
        using var document = System.Text.Json.JsonDocument.Parse(shown!);
        Assert.That(EventJson.Serialize(EventJson.FromElement(document.RootElement)), Is.EqualTo(EventJson.Serialize(stored)));
        await Chromium.ScreenshotAsync(Page, "detail");
    }

    [Test]
    public async Task BadInputIsABadRequestNamingTheValue()
    {
        var response = await Page.GotoAsync(Host.DashboardUrl + "/events?from=yesterday%3Cb%3E");
        Assert.That(response!.Status, Is.EqualTo(400));
        await Expect(Page.Locator("p.error")).ToContainTextAsync("from 'yesterday<b>' is not a date and time");

        response = await Page.GotoAsync(Host.DashboardUrl + "/events?from=2026-11-30&to=2026-11-01");
        Assert.That(response!.Status, Is.EqualTo(400));
        await Expect(Page.Locator("p.error")).ToHaveTextAsync("from '2026-11-30' is after to '2026-11-01'.");
    }
}
