using EventTracking;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The chaining forms of <see cref="IEventRoutingBuilder"/>'s two methods, in Core so that every package
/// that brings a backend builds its verb (<c>AddSqlite</c>, <c>AddSerilog</c>, …) on them.
/// </summary>
public static class RoutingBuilderExtensions
{
    /// <summary>
    /// Adds a child backend created from the application's services when the tracker is built; if it is disposable,
    /// the host disposes it after the tracker has shut down.
    /// </summary>
    /// <typeparam name="TBuilder">The builder's type, kept so calls chain.</typeparam>
    /// <param name="builder">The router being built.</param>
    /// <param name="name">A name unique among this router's children.</param>
    /// <param name="factory">Creates the backend.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static TBuilder AddBackend<TBuilder>(this TBuilder builder, string name, Func<IServiceProvider, IEventBackend> factory)
        where TBuilder : IEventRoutingBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.RegisterBackend(name, factory);
        return builder;
    }

    /// <summary>Appends a processor created from the application's services when the tracker is built.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so calls chain.</typeparam>
    /// <param name="builder">The router being built.</param>
    /// <param name="factory">Creates the processor.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static TBuilder AddProcessor<TBuilder>(this TBuilder builder, Func<IServiceProvider, IEventProcessor> factory)
        where TBuilder : IEventRoutingBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.RegisterProcessor(factory);
        return builder;
    }
}
