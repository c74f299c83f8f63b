using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventTracking;

/// <summary>Registers <c>"Type": "Serilog"</c> for configuration, and creates the backend alike for configuration and code.</summary>
internal static class SerilogBackendType
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries", Justification = "Registers the package's configuration type name when the package is loaded; it only adds to a dictionary.")]
    internal static void Register() =>
        EventTrackingTypes.RegisterBackendType("Serilog", context => Create(context.Services, context.BindOptions(new SerilogBackendOptions(), Bind)));

    /// <summary>Writes to the Serilog logger registered in DI, else to <c>Serilog.Log.Logger</c> (read at each event).</summary>
    public static SerilogBackend Create(IServiceProvider services, SerilogBackendOptions options) =>
        new(services.GetService<global::Serilog.ILogger>(), options, (ILogger?)services.GetService<ILoggerFactory>()?.CreateLogger<SerilogBackend>() ?? NullLogger.Instance);

    // Written where the options type is known, so the configuration binding generator replaces the binder's reflection.
    private static void Bind(IConfiguration section, SerilogBackendOptions options) =>
        section.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
}
