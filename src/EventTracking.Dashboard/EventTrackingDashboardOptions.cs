namespace EventTracking.Dashboard;

/// <summary>Settings of the dashboard that <c>MapEventTrackingDashboard</c> maps.</summary>
public sealed class EventTrackingDashboardOptions
{
    /// <summary>
    /// The authorization policy a request must satisfy. <see langword="null"/> (the default) requires the application's
    /// default policy, which is an authenticated user unless the application changed it.
    /// </summary>
    public string? AuthorizationPolicy { get; set; }

    /// <summary>
    /// Lets anonymous requests in. <see langword="false"/> unless told otherwise; set it only where everyone who can
    /// reach the app may see every event, e.g. <c>AllowAnonymous = app.Environment.IsDevelopment()</c>.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>The title shown on every page. <c>EventTracking</c> unless told otherwise.</summary>
    public string Title { get; set; } = "EventTracking";

    /// <summary>How often an open live tail reads the store for new events: 250 ms unless told otherwise (50 ms to 10 s).</summary>
    public TimeSpan TailPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How far before its cursor the live tail looks again for events stored late (their timestamp is when they were
    /// emitted, not when they were stored): 3 s unless told otherwise (0 to 10 min). Each poll reads this window again,
    /// so a longer one costs more reads on a busy store.
    /// </summary>
    public TimeSpan TailLookback { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How many live tails may be open at once (each reads the store every poll): 20 unless told otherwise (at least 1).</summary>
    public int MaxTailConnections { get; set; } = 20;

    /// <summary>How many names the overview chart draws apart; the rest are drawn as one "(other)". 8 unless told otherwise (1 to 50).</summary>
    public int ChartNames { get; set; } = 8;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public void Validate()
    {
        if (AuthorizationPolicy is { Length: 0 })
        {
            throw new ArgumentException("EventTrackingDashboardOptions.AuthorizationPolicy must name a policy, or be null for the default policy.", nameof(AuthorizationPolicy));
        }

        if (TailPollInterval < TimeSpan.FromMilliseconds(50) || TailPollInterval > TimeSpan.FromSeconds(10))
        {
            throw new ArgumentException($"EventTrackingDashboardOptions.TailPollInterval must be between 50 ms and 10 s, not {TailPollInterval}.", nameof(TailPollInterval));
        }

        if (TailLookback < TimeSpan.Zero || TailLookback > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentException($"EventTrackingDashboardOptions.TailLookback must be between 0 and 10 minutes, not {TailLookback}.", nameof(TailLookback));
        }

        if (MaxTailConnections < 1)
        {
            throw new ArgumentException($"EventTrackingDashboardOptions.MaxTailConnections must be at least 1, not {MaxTailConnections}.", nameof(MaxTailConnections));
        }

        if (ChartNames is < 1 or > 50)
        {
            throw new ArgumentException($"EventTrackingDashboardOptions.ChartNames must be between 1 and 50, not {ChartNames}.", nameof(ChartNames));
        }
    }

    internal EventTrackingDashboardOptions Clone() => (EventTrackingDashboardOptions)MemberwiseClone();
}
