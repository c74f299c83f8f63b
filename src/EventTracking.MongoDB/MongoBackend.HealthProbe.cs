namespace EventTracking;

/// <summary>The store answers health checks itself by pinging the deployment it writes to.</summary>
public sealed partial class MongoBackend : IHealthProbe
{
    /// <summary>Runs <c>ping</c> against the backend's database through its client.</summary>
    /// <param name="cancellationToken">Stops the probe.</param>
    /// <returns>Whether the deployment answered.</returns>
    public ValueTask<HealthProbeResult> ProbeAsync(CancellationToken cancellationToken) =>
        _database is null
            ? ValueTask.FromResult(HealthProbeResult.Unreachable("the backend has no MongoDB client"))
            : new MongoHealthProbe(_database.Client, _database.DatabaseNamespace.DatabaseName).ProbeAsync(cancellationToken);
}
