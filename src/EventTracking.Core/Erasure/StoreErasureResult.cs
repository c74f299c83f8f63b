namespace EventTracking;

/// <summary>The outcome of tree-wide erasure at one store.</summary>
/// <param name="Path">The store's path in the routing tree, such as <c>store/db</c>.</param>
/// <param name="Backend">The store's type name, such as <c>SqliteBackend</c>.</param>
/// <param name="Outcome">Whether it erased, cannot erase, or failed.</param>
/// <param name="Removed">How many events it deleted (0 unless <see cref="StoreErasureOutcome.Erased"/>); for a store of
/// <see cref="UserErasureOptions.Stores"/>, how many records it deleted.</param>
/// <param name="Error">Why it failed, when it did.</param>
public sealed record StoreErasureResult(string Path, string Backend, StoreErasureOutcome Outcome, long Removed, string? Error = null);
