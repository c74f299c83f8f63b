using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EventTracking.AspNetCore;

/// <summary>Defaults for the routers this package creates, alike for the configured tree and the code builder.</summary>
internal static class RouterDefaults
{
    /// <summary>
    /// Async-router defaults in a host: named after the node, the host's clock, and the host's shutdown timeout, so a
    /// node gives up on undelivered events (and counts them) when the host stops waiting for it.
    /// </summary>
    public static AsyncRoutingOptions DefaultAsyncRoutingOptions(IServiceProvider services, string name) => new()
    {
        Name = name,
        TimeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System,
        ShutdownTimeout = services.GetService<IOptions<EventTrackingHostOptions>>()?.Value.ShutdownTimeout ?? new AsyncRoutingOptions().ShutdownTimeout,
    };

    /// <summary>A relative path taken from the application's content root, not the process's current directory.</summary>
    public static string FromContentRoot(IServiceProvider services, string path) =>
        !Path.IsPathRooted(path) && services.GetService<IHostEnvironment>()?.ContentRootPath is { Length: > 0 } root
            ? Path.Combine(root, path)
            : path;
}
