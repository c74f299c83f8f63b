using EventTracking.Dashboard.Tests.Support;
using Microsoft.Playwright;

namespace EventTracking.Dashboard.Tests;

/// <summary>One dashboard host (anonymous access, as in Development) and one browser for a fixture; a fresh page per test.</summary>
public abstract class BrowserFixture
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IBrowserContext? _context;

    internal DashboardHost Host { get; private set; } = null!;

    protected IPage Page { get; private set; } = null!;

    /// <summary>Messages the page wrote to its console and errors it raised: a page that ran injected script would show here.</summary>
    protected List<string> PageErrors { get; } = [];

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        (_playwright, _browser) = await Chromium.LaunchAsync();
        Host = await DashboardHost.StartAsync(o => o.AllowAnonymous = true);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    [SetUp]
    public async Task OpenPageAsync()
    {
        PageErrors.Clear();
        _context = await _browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        Page = await _context.NewPageAsync();
        Page.SetDefaultTimeout(15_000);
        Page.PageError += (_, error) => PageErrors.Add(error);
        Page.Dialog += (_, dialog) => PageErrors.Add("dialog: " + dialog.Message);
    }

    [TearDown]
    public async Task ClosePageAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }
    }
}
