namespace EventTracking;

/// <summary>What an <see cref="IHealthProbe"/> found.</summary>
/// <param name="IsReachable">Whether the store answered.</param>
/// <param name="Description">A short human-readable explanation, such as the error a ping returned.</param>
/// <param name="Exception">The fault that made the store unreachable, if any.</param>
public readonly record struct HealthProbeResult(bool IsReachable, string? Description = null, Exception? Exception = null)
{
    /// <summary>The store answered.</summary>
    public static HealthProbeResult Reachable { get; } = new(true);

    /// <summary>The store did not answer.</summary>
    /// <param name="description">Why, in a few words.</param>
    /// <param name="exception">The fault, if one was caught.</param>
    /// <returns>An unreachable result.</returns>
    public static HealthProbeResult Unreachable(string description, Exception? exception = null) => new(false, description, exception);
}
