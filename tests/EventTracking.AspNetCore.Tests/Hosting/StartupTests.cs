using EventTracking.AspNetCore.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EventTracking.AspNetCore.Tests.Hosting;

public sealed class StartupTests
{
    [Test]
    public void ABadConfigurationFailsTheHostAtStartNotAtFirstEmit()
    {
        using var host = Host(""" { "EventTracking": { "Backends": { "store": { "Type": "Cassandra" } } } } """);

        Assert.That(
            async () => await host.StartAsync(),
            Throws.TypeOf<EventTrackingConfigurationException>().With.Message.StartsWith("EventTracking:Backends:store:Type 'Cassandra' is not a known backend type"));
    }

    [Test]
    public async Task AGoodConfigurationStartsAndStops()
    {
        using var host = Host(""" { "EventTracking": { "Backends": { "m": { "Type": "InMemory" } } } } """);

        await host.StartAsync();
        host.Services.GetRequiredService<ITracker>().Emit("x");
        await host.StopAsync();

        var memory = (InMemoryBackend)host.Services.GetRequiredService<Tracker>().Backend.Backends["m"];
        Assert.That(memory.Count, Is.EqualTo(1));
    }

    [Test]
    public void TheRequestContextSectionBindsIntoTheMiddlewareOptions()
    {
        using var host = Host(""" { "EventTracking": { "RequestContext": { "CaptureIp": false, "UserIdClaimType": "sub", "ContextName": "http" } } } """);

        var options = host.Services.GetRequiredService<IOptions<EventTrackingMiddlewareOptions>>().Value;

        Assert.That(options.CaptureIp, Is.False);
        Assert.That(options.CaptureAgent, Is.True);
        Assert.That(options.UserIdClaimType, Is.EqualTo("sub"));
        Assert.That(options.ContextName, Is.EqualTo("http"));
    }

    [Test]
    public void AMisspelledRequestContextOptionFailsTheStart()
    {
        using var host = Host(""" { "EventTracking": { "RequestContext": { "CaptureIP": false, "CaptureAgnet": false } } } """);

        Assert.That(
            async () => await host.StartAsync(),
            Throws.TypeOf<EventTrackingConfigurationException>().With.Message.StartsWith("EventTracking:RequestContext:CaptureAgnet is not an option of RequestContext"));
    }

    [Test]
    public void TheShutdownTimeoutBindsAndIsValidated()
    {
        using (var host = Host(""" { "EventTracking": { "ShutdownTimeout": "00:00:03" } } """))
        {
            Assert.That(host.Services.GetRequiredService<IOptions<EventTrackingHostOptions>>().Value.ShutdownTimeout, Is.EqualTo(TimeSpan.FromSeconds(3)));
        }

        using (var host = Host(""" { "EventTracking": { "ShutdownTimeout": "soon" } } """))
        {
            Assert.That(
                async () => await host.StartAsync(),
                Throws.TypeOf<EventTrackingConfigurationException>().With.Message.EqualTo("EventTracking:ShutdownTimeout 'soon' is not a time span such as 00:00:10."));
        }

        using (var host = Host(""" { "EventTracking": { "ShutdownTimeout": "-00:00:01" } } """))
        {
            Assert.That(
                async () => await host.StartAsync(),
                Throws.TypeOf<OptionsValidationException>().With.Message.Contains("EventTracking:ShutdownTimeout must be > 0"));
        }
    }

    private static IHost Host(string json)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddEventTracking(TrackerFromConfig.Json(json).GetSection("EventTracking"));
        return builder.Build();
    }
}
