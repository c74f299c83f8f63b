using Microsoft.Playwright;

namespace EventTracking.Dashboard.Tests.Support;

/// <summary>
/// Launches Debian's chromium through Playwright (browsers cannot be downloaded here): <c>EVENTTRACKING_CHROMIUM</c> or
/// <c>/usr/bin/chromium</c>. Missing, it fails the test on CI and skips it with the reason elsewhere.
/// </summary>
internal static class Chromium
{
    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("EVENTTRACKING_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            var reason = $"Chromium is not installed at {ExecutablePath} (apt-get install -y chromium, or set EVENTTRACKING_CHROMIUM); .ci/setup/40-chromium.sh installs it.";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(reason);
            }

            Assert.Ignore(reason);
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
            Timeout = 60_000,
        });
        return (playwright, browser);
    }

    /// <summary>Saves a full-page screenshot as an artifact of the running test.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{TestContext.CurrentContext.Test.MethodName}-{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, name);
    }
}
