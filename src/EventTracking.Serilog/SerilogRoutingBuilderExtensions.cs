using EventTracking;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The verb that adds a Serilog backend to a router built in code (the root of <c>AddEventTracking</c>, or a nested
/// <c>AddRouting</c> / <c>AddAsyncRouting</c> node), reading like the configuration.
/// </summary>
public static class SerilogRoutingBuilderExtensions
{
    /// <summary>
    /// Adds a <see cref="SerilogBackend"/> writing to the Serilog <c>ILogger</c> registered in DI, or to
    /// <c>Serilog.Log.Logger</c> when none is; its own warnings go to the host's logging.
    /// </summary>
    /// <typeparam name="TBuilder">The builder's type, kept so calls chain.</typeparam>
    /// <param name="builder">The router being built.</param>
    /// <param name="name">The backend's name.</param>
    /// <param name="configure">Sets level, format and size limit.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static TBuilder AddSerilog<TBuilder>(this TBuilder builder, string name = "log", Action<SerilogBackendOptions>? configure = null)
        where TBuilder : IEventRoutingBuilder
    {
        var options = new SerilogBackendOptions();
        configure?.Invoke(options);
        return builder.AddBackend(name, services => SerilogBackendType.Create(services, options));
    }
}
