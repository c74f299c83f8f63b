using System.Net;
using EventTracking.Dashboard.Tests.Support;
using Microsoft.AspNetCore.Authorization;

namespace EventTracking.Dashboard.Tests;

/// <summary>The dashboard requires its policy on every route; anonymous access only when configured.</summary>
[TestFixture]
public sealed class DashboardAuthorizationTests
{
    private static readonly string[] Routes =
        ["/", "/catalog", "/events", "/events/" + Guid.NewGuid(), "/tail", "/tail/stream", "/assets/dashboard.js"];

    [Test]
    public async Task WithoutAPolicyEveryRouteRequiresASignedInUser()
    {
        await using var host = await DashboardHost.StartAsync(_ => { });
        using var client = new HttpClient();
        foreach (var route in Routes)
        {
            using var anonymous = await client.GetAsync(host.DashboardUrl + route);
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), route);
        }

        using var signedIn = new HttpRequestMessage(HttpMethod.Get, host.DashboardUrl + "/catalog");
        signedIn.Headers.Add("X-Test-User", "ada");
        using var response = await client.SendAsync(signedIn);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ANamedPolicyRefusesUsersThatDoNotMeetIt()
    {
        await using var host = await DashboardHost.StartAsync(
            o => o.AuthorizationPolicy = "events-admin",
            auth => auth.AddPolicy("events-admin", p => p.RequireRole("admin")));
        using var client = new HttpClient();

        Assert.That(await StatusAsync(client, host, null, null), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await StatusAsync(client, host, "bob", null), Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await StatusAsync(client, host, "ada", "admin"), Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task TheBrowserIsRefusedWithoutSignIn()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        await using var host = await DashboardHost.StartAsync(_ => { });
        try
        {
            var page = await browser.NewPageAsync();
            // Chromium turns an empty 401 into a navigation error page; the response itself is what counts.
            var answered = page.WaitForResponseAsync(host.DashboardUrl + "/");
            try
            {
                await page.GotoAsync(host.DashboardUrl + "/");
            }
            catch (Microsoft.Playwright.PlaywrightException ex) when (ex.Message.Contains("ERR_HTTP_RESPONSE_CODE_FAILURE", StringComparison.Ordinal))
            {
            }

            Assert.That((await answered).Status, Is.EqualTo(401));
            Assert.That(await page.Locator("#events-chart").CountAsync(), Is.Zero);
            await Chromium.ScreenshotAsync(page, "refused");
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    [Test]
    public void AnEmptyPolicyNameOrABadPrefixIsRefusedAtMapTime()
    {
        var options = new EventTrackingDashboardOptions { AuthorizationPolicy = "" };
        Assert.That(options.Validate, Throws.ArgumentException.With.Message.Contains("AuthorizationPolicy"));
        Assert.That(new EventTrackingDashboardOptions { TailPollInterval = TimeSpan.Zero }.Validate, Throws.ArgumentException.With.Message.Contains("TailPollInterval"));
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, DashboardHost host, string? user, string? role)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, host.DashboardUrl + "/");
        if (user is not null)
        {
            request.Headers.Add("X-Test-User", user);
        }

        if (role is not null)
        {
            request.Headers.Add("X-Test-Role", role);
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
