namespace EventTracking.AspNetCore;

/// <summary>A store outside the routing tree that the erasure endpoint erases too; see
/// <c>services.AddEventTrackingErasableStore(…)</c>.</summary>
internal sealed record ErasableStoreRegistration(string Name, Func<IServiceProvider, IErasableStore> Factory);
