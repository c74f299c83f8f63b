using EventTracking.AspNetCore.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Serilog.Events;

namespace EventTracking.AspNetCore.Tests.Configuration;

public sealed class BackendsConfigurationTests
{
    [Test]
    public void ASerilogBackendWritesToTheSerilogLoggerInDiWithTheConfiguredOptions()
    {
        var sink = new CollectingSink();
        var tracker = TrackerFromConfig.Build(
            """{ "EventTracking": { "Backends": { "log": { "Type": "Serilog", "Options": { "Level": "Warning", "Format": "Json" } } } } }""",
            t => t.Services.AddSingleton<ILogger>(new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(sink).CreateLogger()));

        tracker.Emit("page.viewed", new { page = 3 });

        var logEvent = sink.Events.Single();
        Assert.That(logEvent.Level, Is.EqualTo(LogEventLevel.Warning));
        Assert.That(logEvent.RenderMessage(), Does.Contain("\"name\":\"page.viewed\""));
    }

    [Test]
    public void AnOutOfRangeSerilogOptionNamesItsPath()
    {
        var errors = TrackerFromConfig.Errors("""{ "EventTracking": { "Backends": { "log": { "Type": "Serilog", "Options": { "MaxEventSize": 0 } } } } }""");

        Assert.That(errors.Single(), Is.EqualTo("EventTracking:Backends:log:Options:MaxEventSize must be positive or null (no limit), not 0."));
    }

    [Test]
    public void AnHttpBackendBindsItsEndpointAndHeaders()
    {
        var tracker = TrackerFromConfig.Build("""
            { "EventTracking": { "Backends": { "forward": { "Type": "Http",
                "Options": { "Endpoint": "https://collector.example.com/events", "Gzip": true, "Headers": { "X-Tenant": "acme" }, "MaxRetries": 1 } } } } }
            """);

        Assert.That(((HttpBackend)tracker.Backend.Backends["forward"]).Endpoint, Is.EqualTo(new Uri("https://collector.example.com/events")));
    }

    [Test]
    public void AnHttpBackendWithoutEndpointOrWithARelativeOneIsAnError()
    {
        Assert.That(
            TrackerFromConfig.Errors("""{ "EventTracking": { "Backends": { "forward": { "Type": "Http" } } } }""").Single(),
            Does.StartWith("EventTracking:Backends:forward:Options:Endpoint is required"));
        Assert.That(
            TrackerFromConfig.Errors("""{ "EventTracking": { "Backends": { "forward": { "Type": "Http", "Options": { "Endpoint": "/events" } } } } }""").Single(),
            Is.EqualTo("EventTracking:Backends:forward:Options:Endpoint must be an absolute http or https URL, not '/events'."));
    }

    [Test]
    public async Task SerilogAndHttpCanBeAddedInCode()
    {
        var services = new ServiceCollection();
        services.AddEventTracking(t => t
            .AddSerilog(configure: o => o.Format = SerilogEventFormat.Json)
            .AddHttp("forward", o => o.Endpoint = new Uri("http://127.0.0.1:9/events")));
        await using var provider = services.BuildServiceProvider();

        var backends = provider.GetRequiredService<Tracker>().Backend.Backends;

        Assert.That(backends["log"], Is.InstanceOf<SerilogBackend>());
        Assert.That(backends["forward"], Is.InstanceOf<HttpBackend>());
    }
}
