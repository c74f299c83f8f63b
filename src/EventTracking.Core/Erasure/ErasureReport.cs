namespace EventTracking;

/// <summary>What tree-wide erasure did, store by store, so the operator knows what else to do.</summary>
/// <param name="UserId">The user whose events were erased.</param>
/// <param name="Stores">Every leaf backend of the tree, in tree order (each store once, even if reachable twice), then the
/// stores of <see cref="UserErasureOptions.Stores"/>.</param>
public sealed record ErasureReport(string UserId, IReadOnlyList<StoreErasureResult> Stores)
{
    /// <summary>Events (and, at stores outside the tree, records) deleted across every store.</summary>
    public long Removed => Stores.Sum(s => s.Removed);

    /// <summary>Whether every store erased: none failed and none is unable to.</summary>
    public bool Complete => Stores.All(s => s.Outcome == StoreErasureOutcome.Erased);
}
