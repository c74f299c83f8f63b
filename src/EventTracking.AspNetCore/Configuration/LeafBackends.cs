using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventTracking.AspNetCore;

/// <summary>Creates the Backends package's backends from DI, alike for the configured tree and the code builder.</summary>
internal static class LeafBackends
{
    /// <summary>Writes to the Serilog logger registered in DI, else to <c>Serilog.Log.Logger</c> (read at each event).</summary>
    public static SerilogBackend Serilog(IServiceProvider services, SerilogBackendOptions options) =>
        new(services.GetService<global::Serilog.ILogger>(), options, Logger<SerilogBackend>(services));

    /// <summary>Posts through the named client <c>AddEventTracking</c> registers, with the backend's resilience handler.</summary>
    public static HttpBackend Http(IServiceProvider services, HttpBackendOptions options) =>
        new(options, services.GetService<IHttpClientFactory>(), Logger<HttpBackend>(services));

    private static ILogger Logger<T>(IServiceProvider services) =>
        (ILogger?)services.GetService<ILoggerFactory>()?.CreateLogger<T>() ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
}
