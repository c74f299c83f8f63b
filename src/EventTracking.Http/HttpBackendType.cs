using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventTracking;

/// <summary>Registers <c>"Type": "Http"</c> for configuration, and creates the backend alike for configuration and code.</summary>
internal static class HttpBackendType
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries", Justification = "Registers the package's configuration type name when the package is loaded; it only adds to a dictionary.")]
    internal static void Register() =>
        EventTrackingTypes.RegisterBackendType("Http", context =>
        {
            var options = context.BindOptions(new HttpBackendOptions(), Bind);
            if (options.Endpoint is null)
            {
                throw context.OptionError(nameof(options.Endpoint), "is required: the collector URL batches are POSTed to");
            }

            return Create(context.Services, options);
        });

    /// <summary>
    /// Posts through the named client when the application registered it (<c>AddEventTrackingHttpClient</c>, which the
    /// <c>AddHttp</c> verb calls), else through a client of the backend's own with the same resilience pipeline.
    /// </summary>
    public static HttpBackend Create(IServiceProvider services, HttpBackendOptions options)
    {
        var factory = services.GetService<EventTrackingHttpClientMarker>() is null ? null : services.GetService<IHttpClientFactory>();
        return new(options, factory, (ILogger?)services.GetService<ILoggerFactory>()?.CreateLogger<HttpBackend>() ?? NullLogger.Instance);
    }

    // Written where the options type is known, so the configuration binding generator replaces the binder's reflection.
    private static void Bind(IConfiguration section, HttpBackendOptions options) =>
        section.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
}
