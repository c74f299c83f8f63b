using Microsoft.Extensions.DependencyInjection;

namespace EventTracking;

/// <summary>Registers the named <c>HttpClient</c> that <see cref="HttpBackend"/> uses when it is given an <see cref="IHttpClientFactory"/>.</summary>
public static class EventTrackingHttpClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers the client named <see cref="HttpBackend.HttpClientName"/> with the backend's resilience handler (the same
    /// retry and timeout pipeline the backend uses without DI), no redirects and no overall client timeout (each attempt
    /// has its own). Calling it again changes nothing.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The client builder, to add handlers or replace the primary handler (a proxy, certificates).</returns>
    public static IHttpClientBuilder AddEventTrackingHttpClient(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddHttpClient(HttpBackend.HttpClientName);
        if (services.Any(d => d.ServiceType == typeof(EventTrackingHttpClientMarker)))
        {
            return builder;
        }

        services.AddSingleton<EventTrackingHttpClientMarker>();
        builder
            .ConfigureHttpClient(static client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(HttpBackendPipeline.CreatePrimaryHandler)
            .AddResilienceHandler(HttpBackendPipeline.PipelineName, HttpBackendPipeline.Configure);
        return builder;
    }
}
