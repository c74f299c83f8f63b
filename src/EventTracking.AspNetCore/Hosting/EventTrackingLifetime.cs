using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventTracking.AspNetCore;

/// <summary>
/// Builds the tracker as the host starts, so a configuration mistake fails the start rather than the first event,
/// and delivers what the async routers accepted when it stops.
/// </summary>
internal sealed class EventTrackingLifetime : IHostedLifecycleService
{
    private readonly IServiceProvider _services;
    private readonly OwnedComponents _owned;
    private readonly ILogger _logger;
    private Tracker? _tracker;
    private TimeSpan _shutdownTimeout;

    public EventTrackingLifetime(IServiceProvider services, OwnedComponents owned, ILoggerFactory loggerFactory)
    {
        _services = services;
        _owned = owned;
        _logger = loggerFactory.CreateLogger(EventTrackingDiagnostics.LoggerCategory);
    }

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        // Read now: when a later start-up step fails, the host may stop after its services are disposed.
        _shutdownTimeout = _services.GetRequiredService<IOptions<EventTrackingHostOptions>>().Value.ShutdownTimeout;
        _ = _services.GetRequiredService<IOptions<EventTrackingMiddlewareOptions>>().Value;
        _tracker = _services.GetRequiredService<Tracker>();
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Runs after every other hosted service, the web server included, has stopped, so requests still draining have
    /// emitted their events. Shuts the tracker's async routers down (they deliver what they accepted), then disposes
    /// the leaves the host created, all within <see cref="EventTrackingHostOptions.ShutdownTimeout"/>.
    /// </summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (_tracker is not { } tracker)
        {
            return;
        }

        var timeout = _shutdownTimeout;
        try
        {
            await tracker.DisposeAsync().AsTask().WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // The routers count and log what they could not deliver. Leaves may still be writing, so leave them open.
            AspNetCoreLog.ShutdownTimedOut(_logger, timeout);
            return;
        }

        var undelivered = TrackerTree.Walk(tracker.Backend).Select(n => n.Value).OfType<AsyncRoutingBackend>().Sum(n => n.Undelivered);
        if (undelivered > 0)
        {
            AspNetCoreLog.ShutdownUndelivered(_logger, undelivered);
        }

        await _owned.DisposeAllAsync(_logger).ConfigureAwait(false);
    }
}
