using EventTracking;
using EventTracking.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers stores outside the routing tree that hold user data, so erasure by user reaches them too.</summary>
public static class EventTrackingErasureServiceCollectionExtensions
{
    /// <summary>
    /// Adds a store that keeps data about users under the same id as the events but is not a backend of the tracker's
    /// tree (a collector surface's own tables, an application's profile table). The erasure endpoint
    /// (<c>app.MapEventTrackingErasure(…)</c>) erases it after the tree's stores and reports it under
    /// <paramref name="name"/>. A second registration under the same name is ignored.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="name">The store's name in the report, such as <c>papika</c>.</param>
    /// <param name="factory">Resolves the store (usually a singleton of the container).</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public static IServiceCollection AddEventTrackingErasableStore(this IServiceCollection services, string name, Func<IServiceProvider, IErasableStore> factory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (!services.Any(d => d.ServiceType == typeof(ErasableStoreRegistration) && d.ImplementationInstance is ErasableStoreRegistration r && r.Name == name))
        {
            services.AddSingleton(new ErasableStoreRegistration(name, factory));
        }

        return services;
    }
}
