namespace EventTracking.AspNetCore;

/// <summary>Settings of the erasure endpoint mapped by <c>app.MapEventTrackingErasure(…)</c>.</summary>
public sealed class EventTrackingErasureEndpointOptions
{
    /// <summary>
    /// The authorization policy a caller must satisfy. <see langword="null"/> (the default) requires the default policy,
    /// which is any authenticated user: name a policy (an administrators' role, say) for anything but a test.
    /// </summary>
    public string? Policy { get; set; }

    /// <summary>Where user ids are stored and the secrets they may be hashed with; the tree's redactor secrets are used too
    /// unless <see cref="UserErasureOptions.IncludeTreeSecrets"/> is turned off.</summary>
    public UserErasureOptions Erasure { get; set; } = new();

    /// <summary>The largest request body accepted, in bytes. Default 4096.</summary>
    public int MaxBodyBytes { get; set; } = 4096;
}
