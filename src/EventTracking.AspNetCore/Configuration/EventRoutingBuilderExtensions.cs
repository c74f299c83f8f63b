using EventTracking;
using EventTracking.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The verbs that add Core backends and processors to a router built in code. Each returns the builder it was
/// called on, so calls chain: <c>t.AddRegexFilter(…).AddInMemory("memory")</c>.
/// </summary>
public static class EventRoutingBuilderExtensions
{
    /// <summary>Adds a child backend instance; the application keeps ownership (the host does not dispose it).</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so calls chain.</typeparam>
    /// <param name="builder">The router being built.</param>
    /// <param name="name">A name unique among this router's children.</param>
    /// <param name="backend">The backend.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static TBuilder AddBackend<TBuilder>(this TBuilder builder, string name, IEventBackend backend)
        where TBuilder : IEventRoutingBuilder
    {
        ArgumentNullException.ThrowIfNull(backend);
        return builder.AddBackend(name, new SuppliedInstance<IEventBackend>(backend).Get);
    }

    /// <summary>Appends a processor instance to the router's chain.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so calls chain.</typeparam>
    /// <param name="builder">The router being built.</param>
    /// <param name="processor">The processor; it runs after those added before it.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static TBuilder AddProcessor<TBuilder>(this TBuilder builder, IEventProcessor processor)
        where TBuilder : IEventRoutingBuilder
    {
        ArgumentNullException.ThrowIfNull(processor);
        return builder.AddProcessor(new SuppliedInstance<IEventProcessor>(processor).Get);
    }

    /// <summary>Adds a synchronous child router with its own processors and backends.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so calls chain.</typeparam>
    /// <param name="builder">The router being built.</param>
    /// <param name="name">A name unique among this router's children.</param>
    /// <param name="configure">Adds the child router's processors and backends.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static TBuilder AddRouting<TBuilder>(this TBuilder builder, string name, Action<IEventRoutingBuilder> configure)
        where TBuilder : IEventRoutingBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var child = new RouteBuilder(builder.Services);
        configure(child);
        return builder.AddBackend(name, services => child.ApplyTo(new RoutingBackend(), services));
    }

    /// <summary>
    /// Adds an <see cref="AsyncRoutingBackend"/>: emitting only enqueues, and a background worker runs the child router's
    /// processors and delivers to its backends in batches. The host flushes and shuts it down when it stops.
    /// </summary>
    /// <typeparam name="TBuilder">The builder's type, kept so calls chain.</typeparam>
    /// <param name="builder">The router being built.</param>
    /// <param name="name">A name unique among this router's children; also the node's name in logs and metrics.</param>
    /// <param name="configure">Adds the async router's processors and backends.</param>
    /// <param name="options">Changes queue, batching, retry and shutdown settings. The defaults take the host's clock and
    /// <see cref="EventTrackingHostOptions.ShutdownTimeout"/>.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static TBuilder AddAsyncRouting<TBuilder>(
        this TBuilder builder,
        string name,
        Action<IEventRoutingBuilder> configure,
        Action<AsyncRoutingOptions>? options = null)
        where TBuilder : IEventRoutingBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var child = new RouteBuilder(builder.Services);
        configure(child);
        return builder.AddBackend(name, services =>
        {
            var settings = RouterDefaults.DefaultAsyncRoutingOptions(services, name);
            options?.Invoke(settings);
            return child.ApplyTo(new AsyncRoutingBackend(options: settings), services);
        });
    }

    /// <summary>Adds an <see cref="InMemoryBackend"/>, for tests, samples and debugging.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so calls chain.</typeparam>
    /// <param name="builder">The router being built.</param>
    /// <param name="name">The backend's name.</param>
    /// <param name="backend">The instance to add, so the caller can read it; a new one when null.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static TBuilder AddInMemory<TBuilder>(this TBuilder builder, string name = "memory", InMemoryBackend? backend = null)
        where TBuilder : IEventRoutingBuilder =>
        builder.AddBackend(name, backend ?? new InMemoryBackend());

    /// <summary>Appends a <see cref="RegexFilter"/> to the router's chain.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so calls chain.</typeparam>
    /// <param name="builder">The router being built.</param>
    /// <param name="filterType">Whether matching events are the only ones kept, or the ones dropped.</param>
    /// <param name="patterns">Regular expressions matched at the start of the event name.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentException">A pattern is invalid.</exception>
    public static TBuilder AddRegexFilter<TBuilder>(this TBuilder builder, RegexFilterType filterType, params string[] patterns)
        where TBuilder : IEventRoutingBuilder =>
        builder.AddProcessor(new RegexFilter(filterType, patterns));

    /// <summary>Appends a <see cref="NameAllowlist"/> to the router's chain.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so calls chain.</typeparam>
    /// <param name="builder">The router being built.</param>
    /// <param name="names">The exact event names to keep.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static TBuilder AddNameAllowlist<TBuilder>(this TBuilder builder, params string[] names)
        where TBuilder : IEventRoutingBuilder =>
        builder.AddProcessor(new NameAllowlist(names));
}
