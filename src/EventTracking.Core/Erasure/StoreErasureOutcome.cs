namespace EventTracking;

/// <summary>What happened at one store during tree-wide erasure.</summary>
public enum StoreErasureOutcome
{
    /// <summary>The store deleted the user's events; <see cref="StoreErasureResult.Removed"/> says how many.</summary>
    Erased,

    /// <summary>The store cannot delete (a log, an HTTP forwarder, memory): erase there by other means.</summary>
    CannotErase,

    /// <summary>The store can delete but failed; <see cref="StoreErasureResult.Error"/> says why. Run the erasure again.</summary>
    Failed,
}
