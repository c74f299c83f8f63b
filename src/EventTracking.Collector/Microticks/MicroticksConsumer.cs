namespace EventTracking.Collector;

/// <summary>An application allowed to start sessions. Its key is never kept, only the key's hash.</summary>
/// <param name="Id">The consumer's number, which the read routes report as <c>consumer_id</c>.</param>
/// <param name="Name">The name the operator gave it; unique.</param>
/// <param name="CreatedAt">When it was created, as canonical UTC text.</param>
/// <param name="DeactivatedAt">When it was deactivated, or <see langword="null"/> while it is active.</param>
internal sealed record MicroticksConsumer(long Id, string Name, string CreatedAt, string? DeactivatedAt)
{
    public bool IsActive => DeactivatedAt is null;
}
