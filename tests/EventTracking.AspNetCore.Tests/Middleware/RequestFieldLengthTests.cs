using EventTracking.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EventTracking.AspNetCore.Tests.Middleware;

/// <summary>Text a client controls is cut to documented, configurable lengths before any event stores it.</summary>
public sealed class RequestFieldLengthTests
{
    private InMemoryBackend _memory = null!;

    [SetUp]
    public void SetUp() => _memory = new InMemoryBackend();

    [Test]
    public async Task AHugeAgentRefererPathAndHeaderAreCutToTheDefaultLengths()
    {
        await using var app = App(o => o.CaptureHeaders["tenant"] = "X-Tenant");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/emit/" + new string('p', 3000));
        request.Headers.TryAddWithoutValidation("User-Agent", new string('a', 20_000));
        request.Headers.TryAddWithoutValidation("Referer", "http://example.org/" + new string('r', 5000));
        request.Headers.Add("X-Tenant", new string('t', 1000));
        using var response = await app.CreateClient().SendAsync(request);
        response.EnsureSuccessStatusCode();

        var context = _memory.Events.Single().Context;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(context["agent"], Is.EqualTo(new string('a', 512)));
            Assert.That((string)context["referer"]!, Has.Length.EqualTo(2048).And.StartWith("http://example.org/rrr"));
            Assert.That((string)context["path"]!, Has.Length.EqualTo(1024).And.StartWith("/emit/ppp"));
            Assert.That(context["tenant"], Is.EqualTo(new string('t', 256)));
        }
    }

    [Test]
    public async Task ShortValuesAreKeptWhole()
    {
        await using var app = App(o => o.CaptureHeaders["tenant"] = "X-Tenant");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/emit/x");
        request.Headers.TryAddWithoutValidation("User-Agent", "TestAgent/1.0");
        request.Headers.Add("X-Tenant", "acme");
        await app.CreateClient().SendAsync(request);

        var context = _memory.Events.Single().Context;
        Assert.That(context["agent"], Is.EqualTo("TestAgent/1.0"));
        Assert.That(context["tenant"], Is.EqualTo("acme"));
        Assert.That(context["path"], Is.EqualTo("/emit/x"));
    }

    [Test]
    public void TheLimitsAndHeadersBindFromConfiguration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EventTracking:RequestContext:MaxAgentLength"] = "64",
            ["EventTracking:RequestContext:MaxPathLength"] = "100",
            ["EventTracking:RequestContext:CaptureHeaders:tenant"] = "X-Tenant",
        }).Build();
        var services = new ServiceCollection();
        services.AddEventTracking(configuration.GetSection("EventTracking"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<EventTrackingMiddlewareOptions>>().Value;

        Assert.That(options.MaxAgentLength, Is.EqualTo(64));
        Assert.That(options.MaxPathLength, Is.EqualTo(100));
        Assert.That(options.MaxRefererLength, Is.EqualTo(2048));
        Assert.That(options.CaptureHeaders["tenant"], Is.EqualTo("X-Tenant"));
    }

    [Test]
    public void ALengthBelowOneIsRefusedAtStart()
    {
        var services = new ServiceCollection();
        services.AddEventTracking(t => t.ConfigureRequestContext(o => o.MaxAgentLength = 0));
        using var provider = services.BuildServiceProvider();

        Assert.That(
            () => provider.GetRequiredService<IOptions<EventTrackingMiddlewareOptions>>().Value,
            Throws.TypeOf<OptionsValidationException>().With.Message.Contains("MaxAgentLength"));
    }

    [Test]
    public void ACutNeverSplitsASurrogatePair()
    {
        Assert.That(EventTrackingMiddleware.Truncate("abc😀def", 4), Is.EqualTo("abc"));
        Assert.That(EventTrackingMiddleware.Truncate("abc😀def", 5), Is.EqualTo("abc😀"));
        Assert.That(EventTrackingMiddleware.Truncate("abc", 5), Is.EqualTo("abc"));
    }

    private TestWebApp App(Action<EventTrackingMiddlewareOptions> configure) =>
        new(
            s => s.AddEventTracking(t => t.AddInMemory("memory", _memory).ConfigureRequestContext(configure)),
            e => e.MapGet("/emit/{**rest}", (ITracker tracker) =>
            {
                tracker.Emit("test.event");
                return "ok";
            }),
            kestrel: true);
}
