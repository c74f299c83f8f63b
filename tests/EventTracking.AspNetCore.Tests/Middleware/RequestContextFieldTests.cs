using System.Diagnostics;
using EventTracking.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventTracking.AspNetCore.Tests.Middleware;

public sealed class RequestContextFieldTests
{
    private InMemoryBackend _memory = null!;

    [SetUp]
    public void SetUp() => _memory = new InMemoryBackend();

    [Test]
    public async Task EveryFieldIsCapturedByDefault()
    {
        using var listener = ListenToAspNetCoreActivities();
        string? traceId = null;
        await using var app = App(endpoint: tracker =>
        {
            traceId = Activity.Current?.TraceId.ToHexString();
            tracker.Emit("test.event");
        });

        using var request = new HttpRequestMessage(HttpMethod.Get, "/base/emit?secret=1");
        request.Headers.Add(HeaderAuthenticationHandler.Header, "alice");
        request.Headers.UserAgent.ParseAdd("TestAgent/1.0");
        request.Headers.Referrer = new Uri("http://example.org/from");
        using var response = await app.CreateClient().SendAsync(request);
        response.EnsureSuccessStatusCode();

        var context = _memory.Events.Single().Context;
        Assert.That(context.Keys, Is.EquivalentTo(new[] { "request_id", "trace_id", "span_id", "user_id", "ip", "agent", "host", "path", "method", "referer" }));
        Assert.That(context["user_id"], Is.EqualTo("alice"));
        Assert.That(context["trace_id"], Is.EqualTo(traceId).And.Not.Null);
        Assert.That(context["ip"], Is.EqualTo("127.0.0.0"), "the client address, cut to its /24 by default");
        Assert.That(context["agent"], Is.EqualTo("TestAgent/1.0"));
        Assert.That(context["host"], Does.StartWith("127.0.0.1:"));
        Assert.That(context["path"], Is.EqualTo("/base/emit"), "path base and path, without the query string");
        Assert.That(context["method"], Is.EqualTo("GET"));
        Assert.That(context["referer"], Is.EqualTo("http://example.org/from"));
    }

    [Test]
    public async Task AnEventEmittedInAnActivityStartedInTheRequestCarriesThatActivitysSpan()
    {
        using var listener = ListenToAspNetCoreActivities();
        (string Trace, string Span)? inner = null;
        await using var app = App(endpoint: tracker =>
        {
            using var activity = new Activity("inner").Start();
            inner = (activity.TraceId.ToHexString(), activity.SpanId.ToHexString());
            tracker.Emit("in.activity");
        });

        using var response = await app.CreateClient().GetAsync("/base/emit");
        response.EnsureSuccessStatusCode();

        var context = _memory.Events.Single().Context;
        Assert.That((context["trace_id"], context["span_id"]), Is.EqualTo((inner!.Value.Trace, inner.Value.Span)));
    }

    [Test]
    public async Task TurningTraceIdsOffLeavesThemOutOfEveryEventEvenInsideActivities()
    {
        using var listener = ListenToAspNetCoreActivities();
        string? requestTrace = null;
        await using var app = App(
            endpoint: tracker =>
            {
                requestTrace = Activity.Current?.TraceId.ToHexString();
                tracker.Emit("in.request");
                using var activity = new Activity("inner").Start();
                tracker.Emit("in.activity");
            },
            tracking: t => t.ConfigureRequestContext(o => o.CaptureTraceId = false));

        using var response = await app.CreateClient().GetAsync("/base/emit");
        response.EnsureSuccessStatusCode();

        Assert.That(requestTrace, Is.Not.Null, "the request ran inside an Activity");
        Assert.That(_memory.Events.Select(e => e.Name), Is.EqualTo(new[] { "in.request", "in.activity" }));
        Assert.That(_memory.Events.SelectMany(e => e.Context.Keys), Has.None.AnyOf("trace_id", "span_id"));
    }

    [Test]
    public async Task AnAnonymousRequestHasNoUserId()
    {
        await using var app = App(endpoint: tracker => tracker.Emit("test.event"));

        await app.CreateClient().GetStringAsync("/base/emit");

        Assert.That(_memory.Events.Single().Context.ContainsKey("user_id"), Is.False);
    }

    [Test]
    public async Task FieldsCanBeTurnedOffAndTheUserIdClaimChosen()
    {
        await using var app = App(
            endpoint: tracker => tracker.Emit("test.event"),
            tracking: t => t.ConfigureRequestContext(o =>
            {
                o.CaptureIp = false;
                o.CaptureAgent = false;
                o.CaptureReferer = false;
                o.UserIdClaimType = "sub";
            }));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/base/emit");
        request.Headers.Add(HeaderAuthenticationHandler.Header, "alice");
        request.Headers.UserAgent.ParseAdd("TestAgent/1.0");
        await (await app.CreateClient().SendAsync(request)).Content.ReadAsStringAsync();

        var context = _memory.Events.Single().Context;
        Assert.That(context.Keys, Has.None.AnyOf("ip", "agent", "referer"));
        Assert.That(context["user_id"], Is.EqualTo("sub-alice"));
    }

    [Test]
    public async Task EnrichAddsValuesFromTheHttpContext()
    {
        await using var app = App(
            endpoint: tracker => tracker.Emit("test.event"),
            tracking: t => t.ConfigureRequestContext(o => o.Enrich = (http, values) =>
            {
                values["tenant"] = http.Request.Headers["X-Tenant"].ToString();
                values.Remove("host");
            }));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/base/emit");
        request.Headers.Add("X-Tenant", "acme");
        await app.CreateClient().SendAsync(request);

        var context = _memory.Events.Single().Context;
        Assert.That(context["tenant"], Is.EqualTo("acme"));
        Assert.That(context.ContainsKey("host"), Is.False);
    }

    [Test]
    public async Task AThrowingEnrichIsLoggedAndTheRequestGoesOn()
    {
        var logs = new CollectingLoggerProvider();
        await using var app = App(
            endpoint: tracker => tracker.Emit("test.event"),
            tracking: t => t.ConfigureRequestContext(o => o.Enrich = (_, _) => throw new InvalidOperationException("enrich broke")),
            services: s => s.AddLogging(l => l.AddProvider(logs)));

        var body = await app.CreateClient().GetStringAsync("/base/emit");

        Assert.That(body, Is.EqualTo("ok"));
        Assert.That(_memory.Events.Single().Context["path"], Is.EqualTo("/base/emit"));
        Assert.That(logs.Messages, Has.Some.Contains("Enrich callback threw"));
    }

    [Test]
    public async Task TheClientAddressHonoursForwardedHeadersWhenTheAppUsesThem()
    {
        await using var app = App(
            endpoint: tracker => tracker.Emit("test.event"),
            outside: pipeline => pipeline.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor }));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/base/emit");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        await app.CreateClient().SendAsync(request);

        Assert.That(_memory.Events.Single().Context["ip"], Is.EqualTo("203.0.113.0"), "the forwarded address, cut to its /24 by default");
    }

    [Test]
    public void UseEventTrackingWithoutAddEventTrackingFailsWithAHint()
    {
        var builder = WebApplication.CreateBuilder();
        using var app = builder.Build();

        Assert.That(() => app.UseEventTracking(), Throws.InvalidOperationException.With.Message.Contains("AddEventTracking"));
    }

    private TestWebApp App(
        Action<ITracker> endpoint,
        Action<AspNetCore.EventTrackingBuilder>? tracking = null,
        Action<IServiceCollection>? services = null,
        Action<IApplicationBuilder>? outside = null) =>
        new(
            s =>
            {
                s.AddEventTracking(t =>
                {
                    t.AddInMemory("memory", _memory);
                    tracking?.Invoke(t);
                });
                services?.Invoke(s);
            },
            e => e.MapGet("/emit", (ITracker tracker) =>
            {
                endpoint(tracker);
                return "ok";
            }),
            outside: pipeline =>
            {
                outside?.Invoke(pipeline);
                pipeline.UsePathBase("/base");
            },
            kestrel: true);

    private static ActivityListener ListenToAspNetCoreActivities()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
