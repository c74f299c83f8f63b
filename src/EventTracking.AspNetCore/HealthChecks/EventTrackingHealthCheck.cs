using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace EventTracking.AspNetCore;

/// <summary>
/// Reports on the tracker's tree: unhealthy when a backend's store cannot be reached (<see cref="IHealthProbe"/>),
/// degraded when an async router's queue is nearly full or its recent deliveries failed.
/// </summary>
internal sealed class EventTrackingHealthCheck : IHealthCheck
{
    private readonly Tracker _tracker;
    private readonly EventTrackingHealthCheckOptions _options;

    public EventTrackingHealthCheck(Tracker tracker, IOptions<EventTrackingHealthCheckOptions> options)
    {
        _tracker = tracker;
        _options = options.Value;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var nodes = TrackerTree.Walk(_tracker.Backend).ToList();
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var unhealthy = new List<string>();
        var degraded = new List<string>();
        Exception? firstFault = null;

        var probes = nodes.Where(n => n.Value is IHealthProbe)
            .Select(async n => (n.Key, Result: await ProbeAsync((IHealthProbe)n.Value, cancellationToken).ConfigureAwait(false)))
            .ToList();
        foreach (var (path, result) in await Task.WhenAll(probes).ConfigureAwait(false))
        {
            data[path] = result.IsReachable ? "reachable" : "unreachable";
            if (!result.IsReachable)
            {
                unhealthy.Add($"{path} is unreachable: {result.Description ?? result.Exception?.Message ?? "no answer"}");
                firstFault ??= result.Exception;
            }
        }

        if (unhealthy.Count > 0)
        {
            return HealthCheckResult.Unhealthy(string.Join("; ", [.. unhealthy, .. degraded]), firstFault, data);
        }

        if (degraded.Count > 0)
        {
            return HealthCheckResult.Degraded(string.Join("; ", degraded), data: data);
        }

        return HealthCheckResult.Healthy($"{nodes.Count} backends", data);
    }

    private static async Task<HealthProbeResult> ProbeAsync(IHealthProbe probe, CancellationToken cancellationToken)
    {
        try
        {
            return await probe.ProbeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthProbeResult.Unreachable(ex.Message, ex);
        }
    }
}
