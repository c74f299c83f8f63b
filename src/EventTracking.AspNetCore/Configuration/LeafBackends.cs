using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace EventTracking.AspNetCore;

/// <summary>Creates the Backends package's backends from DI, alike for the configured tree and the code builder.</summary>
internal static class LeafBackends
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

    /// <summary>Writes to the Serilog logger registered in DI, else to <c>Serilog.Log.Logger</c> (read at each event).</summary>
    public static SerilogBackend Serilog(IServiceProvider services, SerilogBackendOptions options) =>
        new(services.GetService<global::Serilog.ILogger>(), options, Logger<SerilogBackend>(services));

    /// <summary>Posts through the named client <c>AddEventTracking</c> registers, with the backend's resilience handler.</summary>
    public static HttpBackend Http(IServiceProvider services, HttpBackendOptions options) =>
        new(options, services.GetService<IHttpClientFactory>(), Logger<HttpBackend>(services));

    /// <summary>A relative path is taken from the application's content root, not the process's current directory.</summary>
    public static SqliteBackend Sqlite(IServiceProvider services, SqliteBackendOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Path) && !Path.IsPathRooted(options.Path)
            && services.GetService<IHostEnvironment>()?.ContentRootPath is { Length: > 0 } root)
        {
            options.Path = Path.Combine(root, options.Path);
        }

        var backend = new SqliteBackend(options);
        services.GetService<HealthProbes>()?.Add(backend, new SqliteHealthProbe(backend.Path));
        return backend;
    }

    /// <summary>
    /// Uses the <see cref="IMongoClient"/> registered in DI if there is one; otherwise creates a client for the
    /// connection string, owned (and disposed) by the host. The same client answers the health probe.
    /// </summary>
    public static MongoBackend Mongo(IServiceProvider services, MongoBackendOptions options)
    {
        var client = services.GetService<IMongoClient>();
        if (client is null && !string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            var owned = new MongoClient(options.ConnectionString);
            services.GetService<OwnedComponents>()?.Add(owned);
            client = owned;
        }

        var backend = new MongoBackend(options, client, Logger<MongoBackend>(services));
        if (client is not null)
        {
            services.GetService<HealthProbes>()?.Add(backend, new MongoHealthProbe(client, options.Database));
        }

        return backend;
    }

    private static ILogger Logger<T>(IServiceProvider services) =>
        (ILogger?)services.GetService<ILoggerFactory>()?.CreateLogger<T>() ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
}
