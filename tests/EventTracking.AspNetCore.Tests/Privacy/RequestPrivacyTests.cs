using System.Net;
using EventTracking.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EventTracking.AspNetCore.Tests.Privacy;

/// <summary>The middleware's privacy defaults and consent reading, through a real Kestrel server.</summary>
public sealed class RequestPrivacyTests
{
    private InMemoryBackend _analytics = null!;
    private InMemoryBackend _audit = null!;

    [SetUp]
    public void SetUp()
    {
        _analytics = new InMemoryBackend();
        _audit = new InMemoryBackend();
    }

    [TestCase("203.0.113.77", "203.0.113.0")]
    [TestCase("2001:db8:85a3:8d3:1319:8a2e:370:7348", "2001:db8:85a3::")]
    [TestCase("::ffff:198.51.100.23", "198.51.100.0")]
    public async Task TheClientAddressIsCutToItsNetworkByDefault(string client, string captured)
    {
        await using var app = App();

        await SendAsync(app, "/emit", forwardedFor: client);

        Assert.That(_audit.Events.Single().Context["ip"], Is.EqualTo(captured));
    }

    [Test]
    public async Task AnOptionKeepsTheFullAddress()
    {
        await using var app = App(o => o.TruncateIp = false);

        await SendAsync(app, "/emit", forwardedFor: "203.0.113.77");

        Assert.That(_audit.Events.Single().Context["ip"], Is.EqualTo("203.0.113.77"));
    }

    [Test]
    public async Task ConsentIsReadFromTheNamedCookieAndAnOptedOutUsersEventsReachNoHonouringStoreIncludingFromTasksStartedInTheRequest()
    {
        await using var app = App(o => o.ConsentCookieName = "tracking_consent");

        await SendAsync(app, "/work", cookie: "tracking_consent=denied");
        await SendAsync(app, "/work", cookie: "tracking_consent=granted");
        await SendAsync(app, "/work");

        Assert.That(_audit.Events.Where(e => e.Name == "request.background").Select(e => e.Context.GetValueOrDefault("consent")), Is.EquivalentTo(new object?[] { "denied", "granted", null }));
        Assert.That(_analytics.Events.Where(e => e.Context.GetValueOrDefault("consent") is "denied"), Is.Empty);
        Assert.That(_analytics.Events.Select(e => e.Name), Is.EquivalentTo(new[] { "request.handler", "request.background", "request.handler", "request.background" }));
    }

    [Test]
    public async Task TheClaimWinsOverTheCookie()
    {
        await using var app = App(o =>
        {
            o.ConsentCookieName = "tracking_consent";
            o.ConsentClaimType = HeaderAuthenticationHandler.ConsentClaimType;
        });

        await SendAsync(app, "/emit", cookie: "tracking_consent=granted", user: "ada", consentClaim: "opted_out");
        await SendAsync(app, "/emit", cookie: "tracking_consent=denied", user: "bob", consentClaim: "granted");

        Assert.That(_audit.Events.Select(e => (e.Context["user_id"], e.Context["consent"])), Is.EquivalentTo(new[] { ((object?)"ada", (object?)"denied"), ("bob", "granted") }));
        Assert.That(_analytics.Events.Select(e => e.Context["user_id"]), Is.EqualTo(new[] { "bob" }));
    }

    private static async Task SendAsync(TestWebApp app, string path, string? forwardedFor = null, string? cookie = null, string? user = null, string? consentClaim = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        if (user is not null)
        {
            request.Headers.Add(HeaderAuthenticationHandler.Header, user);
        }

        if (consentClaim is not null)
        {
            request.Headers.Add(HeaderAuthenticationHandler.ConsentHeader, consentClaim);
        }

        using var response = await app.CreateClient().SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private TestWebApp App(Action<EventTrackingMiddlewareOptions>? requestContext = null) =>
        new(
            s => s.AddEventTracking(t =>
            {
                t.AddInMemory("audit", _audit);
                t.AddRouting("analytics", r => r.AddConsentFilter().AddInMemory("memory", _analytics));
                if (requestContext is not null)
                {
                    t.ConfigureRequestContext(requestContext);
                }
            }),
            Endpoints,
            outside: pipeline => pipeline.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor }),
            kestrel: true);

    private static void Endpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/emit", (ITracker tracker) =>
        {
            tracker.Emit("request.handler");
            return "ok";
        });

        // Work the handler hands to the thread pool: the request's context (and its consent) flows into it.
        endpoints.MapGet("/work", async (ITracker tracker) =>
        {
            tracker.Emit("request.handler");
            await Task.Run(() => tracker.Emit("request.background"));
            return "ok";
        });
    }
}
