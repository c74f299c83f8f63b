using EventTracking;
using EventTracking.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The verbs that add the Backends package's backends to a router built in code, reading like the configuration:
/// <c>t.AddSerilog()</c>, <c>t.AddHttp("forward", o =&gt; o.Endpoint = …)</c>.
/// </summary>
public static class BackendsRoutingBuilderExtensions
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
        return builder.AddBackend(name, services => LeafBackends.Serilog(services, options));
    }

    /// <summary>
    /// Adds an <see cref="HttpBackend"/> posting batches to a collector through the DI client factory (the backend's
    /// resilience pipeline). Put it under an async router: its <c>Send</c> waits for the network.
    /// </summary>
    /// <typeparam name="TBuilder">The builder's type, kept so calls chain.</typeparam>
    /// <param name="builder">The router being built.</param>
    /// <param name="name">The backend's name.</param>
    /// <param name="configure">Sets the endpoint (required) and delivery options.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static TBuilder AddHttp<TBuilder>(this TBuilder builder, string name, Action<HttpBackendOptions> configure)
        where TBuilder : IEventRoutingBuilder
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new HttpBackendOptions();
        configure(options);
        return builder.AddBackend(name, services => LeafBackends.Http(services, options));
    }
}
