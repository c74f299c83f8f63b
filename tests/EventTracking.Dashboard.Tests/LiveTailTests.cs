using EventTracking.Dashboard.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventTracking.Dashboard.Tests;

/// <summary>The live tail: events emitted after the page loaded appear, a pause holds them, a resume delivers them.</summary>
[TestFixture]
public sealed class LiveTailTests : BrowserFixture
{
    [Test]
    public async Task AnEventEmittedAfterThePageLoadedAppearsInTheTail()
    {
        await Host.StoreAsync(new TrackingEvent(Guid.CreateVersion7(), "before.load", DateTimeOffset.UtcNow, null, null));
        await Page.GotoAsync(Host.DashboardUrl + "/tail");
        await Expect(Page.Locator("#tail-status")).ToContainTextAsync("Live");

        Host.Tracker.Emit("after.load", new { note = "<b>not bold</b>" });
        var row = Page.Locator("#tail-rows tr[data-name='after.load']");
        await Expect(row).ToHaveCountAsync(1, new LocatorAssertionsToHaveCountOptions { Timeout = 5_000 });
        await Expect(row.Locator("td.data")).ToContainTextAsync("<b>not bold</b>");
        await Expect(Page.Locator("#tail-rows tr[data-name='before.load']")).ToHaveCountAsync(0);
        await Chromium.ScreenshotAsync(Page, "tail");
        Assert.That(PageErrors, Is.Empty);
    }

    [Test]
    public async Task ScriptInANewEventShowsAsTextInTheTail()
    {
        const string hostile = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">";
        await Page.GotoAsync(Host.DashboardUrl + "/tail");
        await Expect(Page.Locator("#tail-status")).ToContainTextAsync("Live");

        using (Host.Tracker.Context("request", new Dictionary<string, object?> { ["user_id"] = hostile }))
        {
            Host.Tracker.Emit("tail.hostile", new Dictionary<string, object?> { [hostile] = hostile });
        }

        var row = Page.Locator("#tail-rows tr[data-name='tail.hostile']");
        await Expect(row).ToHaveCountAsync(1, new LocatorAssertionsToHaveCountOptions { Timeout = 5_000 });
        await Expect(row).ToContainTextAsync("<script>window.__pwned = 1</script>");
        Assert.That(await row.Locator("td").Nth(2).TextContentAsync(), Is.EqualTo(hostile), "the user cell");
        Assert.That(await Page.Locator("#tail-rows script, #tail-rows img").CountAsync(), Is.Zero);
        Assert.That(await Page.EvaluateAsync<bool>("() => window.__pwned === undefined"), Is.True);
        Assert.That(PageErrors, Is.Empty);
    }

    [Test]
    public async Task APausedTailDeliversWhatArrivedWhenResumed()
    {
        await Page.GotoAsync(Host.DashboardUrl + "/tail?name=paused.*");
        await Expect(Page.Locator("#tail-status")).ToContainTextAsync("Live");
        Host.Tracker.Emit("paused.first");
        await Expect(Page.Locator("#tail-rows tr[data-name='paused.first']")).ToHaveCountAsync(1);

        await Page.Locator("#tail-pause").ClickAsync();
        await Expect(Page.Locator("#tail-status")).ToHaveTextAsync("Paused");
        Host.Tracker.Emit("paused.second");
        Host.Tracker.Emit("other.name");
        await Host.Tracker.FlushAsync();
        Assert.That(await Page.Locator("#tail-rows tr").CountAsync(), Is.EqualTo(1), "nothing is added while paused");

        await Page.Locator("#tail-pause").ClickAsync();
        await Expect(Page.Locator("#tail-rows tr[data-name='paused.second']")).ToHaveCountAsync(1);
        await Expect(Page.Locator("#tail-rows tr[data-name='other.name']")).ToHaveCountAsync(0);
        await Expect(Page.Locator("#tail-rows tr")).ToHaveCountAsync(2);
        await Chromium.ScreenshotAsync(Page, "tail-resumed");
    }
}
