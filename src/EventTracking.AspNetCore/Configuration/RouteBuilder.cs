using Microsoft.Extensions.DependencyInjection;

namespace EventTracking.AspNetCore;

/// <summary>The processors and backends added in code to one router; applied when the tracker is built.</summary>
internal sealed class RouteBuilder : IEventRoutingBuilder
{
    private readonly List<KeyValuePair<string, Func<IServiceProvider, IEventBackend>>> _backends = [];
    private readonly List<Func<IServiceProvider, IEventProcessor>> _processors = [];

    public RouteBuilder(IServiceCollection services)
    {
        Services = services;
    }

    public IServiceCollection Services { get; }

    public IReadOnlyList<KeyValuePair<string, Func<IServiceProvider, IEventBackend>>> Backends => _backends;

    public IReadOnlyList<Func<IServiceProvider, IEventProcessor>> Processors => _processors;

    public void RegisterBackend(string name, Func<IServiceProvider, IEventBackend> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (_backends.Any(b => string.Equals(b.Key, name, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"A backend named '{name}' is already added to this router.", nameof(name));
        }

        _backends.Add(new(name, factory));
    }

    public void RegisterProcessor(Func<IServiceProvider, IEventProcessor> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _processors.Add(factory);
    }

    /// <summary>Creates the processors and backends and registers them on <paramref name="router"/>.</summary>
    public TRouter ApplyTo<TRouter>(TRouter router, IServiceProvider services)
        where TRouter : RoutingBackend
    {
        foreach (var processor in _processors)
        {
            router.RegisterProcessor(OwnedComponents.Create(processor, services));
        }

        foreach (var (name, backend) in _backends)
        {
            router.RegisterBackend(name, OwnedComponents.Create(backend, services));
        }

        return router;
    }
}
