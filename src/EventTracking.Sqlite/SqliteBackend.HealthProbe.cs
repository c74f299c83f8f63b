namespace EventTracking;

/// <summary>The store answers health checks itself: the file (or the folder it will be created in) must be usable.</summary>
public sealed partial class SqliteBackend : IHealthProbe
{
    /// <summary>Opens the database file read-write and reads its schema page; a missing file is healthy when its folder exists.</summary>
    /// <param name="cancellationToken">Stops the probe.</param>
    /// <returns>Whether the store can be reached, and why not.</returns>
    public ValueTask<HealthProbeResult> ProbeAsync(CancellationToken cancellationToken) =>
        new SqliteHealthProbe(Path).ProbeAsync(cancellationToken);
}
