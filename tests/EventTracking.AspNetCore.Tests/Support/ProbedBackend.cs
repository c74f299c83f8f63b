namespace EventTracking.AspNetCore.Tests.Support;

/// <summary>A backend whose store is reachable or not, as the test says.</summary>
internal sealed class ProbedBackend : IEventBackend, IHealthProbe
{
    public Func<HealthProbeResult> Probe { get; set; } = () => HealthProbeResult.Reachable;

    public void Send(TrackingEvent evt)
    {
    }

    public ValueTask<HealthProbeResult> ProbeAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Probe());
}
