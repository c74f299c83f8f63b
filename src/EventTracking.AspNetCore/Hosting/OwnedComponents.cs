using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventTracking.AspNetCore;

/// <summary>
/// The disposable backends and processors the tree builder created (from configuration or from factories), which the
/// host disposes once the tracker has shut down. Instances the application passed in are its own to dispose.
/// </summary>
internal sealed class OwnedComponents
{
    private readonly Lock _gate = new();
    private readonly List<object> _components = [];

    /// <summary>Creates a component with <paramref name="factory"/> and takes ownership unless it is an instance the application supplied.</summary>
    public static T Create<T>(Func<IServiceProvider, T> factory, IServiceProvider services)
        where T : class
    {
        var component = factory(services);
        if (factory.Target is not SuppliedInstance<T>)
        {
            services.GetService<OwnedComponents>()?.Add(component);
        }

        return component;
    }

    public void Add(object component)
    {
        // Routers are shut down by the tracker itself, outer ones first; only leaves are left to us.
        if (component is (IAsyncDisposable or IDisposable) and not RoutingBackend)
        {
            lock (_gate)
            {
                _components.Add(component);
            }
        }
    }

    /// <summary>Disposes every owned component, last created first; a component that throws is logged and skipped.</summary>
    public async Task DisposeAllAsync(ILogger logger)
    {
        object[] components;
        lock (_gate)
        {
            components = [.. _components];
            _components.Clear();
        }

        foreach (var component in components.Reverse())
        {
            try
            {
                if (component is IAsyncDisposable asyncDisposable)
                {
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                }
                else
                {
                    ((IDisposable)component).Dispose();
                }
            }
            catch (Exception ex)
            {
                AspNetCoreLog.DisposeFailed(logger, ex, component.GetType().Name);
            }
        }
    }
}
