using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace EventTracking.AspNetCore;

/// <summary>
/// Reports on the tracker's tree: unhealthy when a backend's store cannot be reached (its <see cref="IHealthProbe"/>),
/// degraded when an async router's queue is nearly full or a child's latest deliveries failed.
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
        var degraded = new List<string>();
        foreach (var (path, backend) in nodes)
        {
            if (backend is AsyncRoutingBackend node)
            {
                InspectQueues(path, node, data, degraded);
            }
        }

        var unhealthy = new List<string>();
        Exception? firstFault = null;
        var probes = nodes
            .Select(n => (Path: n.Key, Probe: n.Value as IHealthProbe))
            .Where(n => n.Probe is not null)
            .Select(async n => (n.Path, Result: await ProbeAsync(n.Probe!, cancellationToken).ConfigureAwait(false)));
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

        return degraded.Count > 0
            ? HealthCheckResult.Degraded(string.Join("; ", degraded), data: data)
            : HealthCheckResult.Healthy($"{nodes.Count} backends", data);
    }

    private void InspectQueues(string path, AsyncRoutingBackend node, Dictionary<string, object> data, List<string> degraded)
    {
        // The intake queue and each child's lane hold up to Capacity events apiece; any of them nearly full is trouble.
        var threshold = (int)Math.Ceiling(node.Capacity * _options.QueueDegradedRatio);
        var lanes = node.GetChildStatus();
        var intake = Math.Max(0, node.QueueDepth - lanes.Sum(l => l.QueueDepth));
        data[path] = string.Create(CultureInfo.InvariantCulture, $"queue {intake}/{node.Capacity}");
        if (intake >= threshold)
        {
            degraded.Add(string.Create(CultureInfo.InvariantCulture, $"{path} queue is {intake} of {node.Capacity}"));
        }

        foreach (var lane in lanes)
        {
            var lanePath = $"{path}/{lane.Name}";
            data[lanePath + ":queue"] = string.Create(CultureInfo.InvariantCulture, $"{lane.QueueDepth}/{node.Capacity}");
            if (lane.QueueDepth >= threshold)
            {
                degraded.Add(string.Create(CultureInfo.InvariantCulture, $"{lanePath} queue is {lane.QueueDepth} of {node.Capacity}"));
            }

            if (lane.ConsecutiveFailures > 0)
            {
                data[lanePath + ":failures"] = lane.ConsecutiveFailures;
                degraded.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{lanePath} failed its last {lane.ConsecutiveFailures} deliveries: {lane.LastFailure?.Message ?? "unknown error"}"));
            }
        }
    }

    private async Task<HealthProbeResult> ProbeAsync(IHealthProbe probe, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ProbeTimeout);
        try
        {
            return await probe.ProbeAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthProbeResult.Unreachable($"no answer within {_options.ProbeTimeout}", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthProbeResult.Unreachable(ex.Message, ex);
        }
    }
}
