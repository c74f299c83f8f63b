using EventTracking;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The verb that adds a Http backend to a router built in code (the root of <c>AddEventTracking</c>, or a nested
/// <c>AddRouting</c> / <c>AddAsyncRouting</c> node), reading like the configuration.
/// </summary>
public static class HttpRoutingBuilderExtensions
{
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
        builder.Services.AddEventTrackingHttpClient();
        var options = new HttpBackendOptions();
        configure(options);
        return builder.AddBackend(name, services => HttpBackendType.Create(services, options));
    }
}
