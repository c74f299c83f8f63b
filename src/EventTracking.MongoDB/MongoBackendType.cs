using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Driver;

namespace EventTracking;

/// <summary>Registers <c>"Type": "Mongo"</c> for configuration, and creates the backend alike for configuration and code.</summary>
internal static class MongoBackendType
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries", Justification = "Registers the package's configuration type name when the package is loaded; it only adds to a dictionary.")]
    internal static void Register() =>
        EventTrackingTypes.RegisterBackendType("Mongo", context =>
        {
            WriteConcernConverter.Register();
            return Create(context.Services, context.BindOptions<MongoBackendOptions>());
        });

    /// <summary>
    /// Uses the <see cref="IMongoClient"/> registered in DI if there is one; otherwise the backend creates a client for
    /// its connection string and disposes it with itself.
    /// </summary>
    public static MongoBackend Create(IServiceProvider services, MongoBackendOptions options) =>
        new(options, services.GetService<IMongoClient>(), (ILogger?)services.GetService<ILoggerFactory>()?.CreateLogger<MongoBackend>() ?? NullLogger.Instance);
}
