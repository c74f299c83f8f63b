using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventTracking.AspNetCore;

/// <summary>
/// Builds the tracker as the host starts, so a configuration mistake fails the start rather than the first event,
/// and delivers queued events when it stops.
/// </summary>
internal sealed class EventTrackingLifetime : IHostedLifecycleService
{
    private readonly IServiceProvider _services;
    private readonly EventTrackingRegistry _registry;
    private readonly ILogger _logger;

    public EventTrackingLifetime(IServiceProvider services, EventTrackingRegistry registry, ILoggerFactory loggerFactory)
    {
        _services = services;
        _registry = registry;
        _logger = loggerFactory.CreateLogger(EventTrackingDiagnostics.LoggerCategory);
    }

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _ = _services.GetRequiredService<Tracker>();
        _ = _services.GetRequiredService<IOptions<EventTrackingMiddlewareOptions>>().Value;
        _ = _services.GetRequiredService<IOptions<EventTrackingHostOptions>>().Value;
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs after every other hosted service, the web server included, has stopped, so no more events arrive.</summary>
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
