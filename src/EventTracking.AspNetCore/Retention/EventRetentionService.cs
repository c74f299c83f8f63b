using EventTracking.Reading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventTracking.AspNetCore;

/// <summary>
/// Deletes events older than <see cref="EventRetentionOptions.MaxAge"/> from every store that supports it
/// (<see cref="IEventRetention"/>: each one registered in DI and each backend in the tracker's tree), a batch at a
/// time, at start and then every <see cref="EventRetentionOptions.Interval"/>. A failing store is logged and tried
/// again next pass; the service never stops the host.
/// </summary>
internal sealed class EventRetentionService : BackgroundService
{
    private readonly IServiceProvider _services;
    private readonly EventRetentionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public EventRetentionService(IServiceProvider services, IOptions<EventRetentionOptions> options, ILoggerFactory loggerFactory)
    {
        _services = services;
        _options = options.Value;
        _options.Validate();
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = loggerFactory.CreateLogger(EventTrackingDiagnostics.LoggerCategory);
    }

    /// <summary>One pass over every store; returns how many events were deleted.</summary>
    public async Task<long> RunOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = _time.GetUtcNow() - _options.MaxAge;
        long total = 0;
        foreach (var store in Stores())
        {
            try
            {
                int deleted;
                do
                {
                    deleted = await store.DeleteBeforeAsync(cutoff, _options.BatchSize, cancellationToken).ConfigureAwait(false);
                    total += deleted;
                    if (deleted == _options.BatchSize && _options.PauseBetweenBatches > TimeSpan.Zero)
                    {
                        await Task.Delay(_options.PauseBetweenBatches, _time, cancellationToken).ConfigureAwait(false);
                    }
                }
                while (deleted == _options.BatchSize);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                AspNetCoreLog.RetentionFailed(_logger, ex, store.GetType().Name);
            }
        }

        if (total > 0)
        {
            AspNetCoreLog.RetentionDeleted(_logger, total, cutoff);
        }

        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.Interval, _time);
        try
        {
            do
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private List<IEventRetention> Stores()
    {
        var stores = new List<IEventRetention>(_services.GetServices<IEventRetention>());
        if (_services.GetService<Tracker>() is { } tracker)
        {
            var pending = new Stack<IEventBackend>([tracker.Backend]);
            while (pending.TryPop(out var backend))
            {
                if (backend is IEventRetention store && !stores.Contains(store))
                {
                    stores.Add(store);
                }
                else if (backend is RoutingBackend router)
                {
                    foreach (var child in router.Backends.Values)
                    {
                        pending.Push(child);
                    }
                }
            }
        }

        return stores;
    }
}
