using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EventTracking;

/// <summary>Registers <c>"Type": "Sqlite"</c> for configuration, and creates the backend alike for configuration and code.</summary>
internal static class SqliteBackendType
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries", Justification = "Registers the package's configuration type name when the package is loaded; it only adds to a dictionary.")]
    internal static void Register() =>
        EventTrackingTypes.RegisterBackendType("Sqlite", context => Create(context.Services, context.BindOptions(new SqliteBackendOptions(), Bind)));

    /// <summary>A relative path is taken from the application's content root, not the process's current directory.</summary>
    public static SqliteBackend Create(IServiceProvider services, SqliteBackendOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Path) && !System.IO.Path.IsPathRooted(options.Path)
            && services.GetService<IHostEnvironment>()?.ContentRootPath is { Length: > 0 } root)
        {
            options.Path = System.IO.Path.Combine(root, options.Path);
        }

        return new SqliteBackend(options);
    }

    // Written where the options type is known, so the configuration binding generator replaces the binder's reflection.
    private static void Bind(IConfiguration section, SqliteBackendOptions options) =>
        section.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
}
