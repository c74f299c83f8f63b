namespace EventTracking;

/// <summary>
/// A store that can delete a user's events, for erasure requests (GDPR article 17, CCPA deletion).
/// <see cref="EventErasure.EraseUserAsync(ITracker, string, UserErasureOptions?, CancellationToken)"/> calls it for every such store in a routing tree.
/// </summary>
public interface IErasableStore
{
    /// <summary>
    /// Deletes every stored event whose fields named by <see cref="UserErasure.Fields"/> hold the user's id or one of
    /// its keyed hashes (<see cref="UserErasure.Values"/>), and nothing else.
    /// </summary>
    /// <param name="erasure">Whose events, and where the id is stored.</param>
    /// <param name="cancellationToken">Stops the deletion; what was deleted stays deleted.</param>
    /// <returns>How many events were deleted.</returns>
    ValueTask<long> EraseUserAsync(UserErasure erasure, CancellationToken cancellationToken = default);
}
