namespace EventTracking;

/// <summary>
/// Implemented by backends that can tell whether their store or collector is reachable, such as a database or an
/// HTTP endpoint. Health checks call it; the routing tree never does.
/// </summary>
/// <remarks>
/// A probe should be cheap (a ping, a trivial query) and honour its cancellation token. It may throw;
/// the caller treats an exception as "unreachable" and reports it.
/// </remarks>
public interface IHealthProbe
{
    /// <summary>Checks whether the backend's store can be reached now.</summary>
    /// <param name="cancellationToken">Cancelled when the health check times out.</param>
    /// <returns>Whether the store answered, and why not when it did not.</returns>
    ValueTask<HealthProbeResult> ProbeAsync(CancellationToken cancellationToken);
}
