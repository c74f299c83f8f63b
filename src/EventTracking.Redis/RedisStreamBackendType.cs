using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;

namespace EventTracking;

/// <summary>Registers <c>"Type": "RedisStream"</c> for configuration, and creates the backend alike for configuration and code.</summary>
internal static class RedisStreamBackendType
{
    /// <summary>The type name a configuration node uses.</summary>
    public const string TypeName = "RedisStream";

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries", Justification = "Registers the package's configuration type name when the package is loaded; it only adds to a dictionary.")]
    internal static void Register() =>
        EventTrackingTypes.RegisterBackendType(TypeName, context => Create(context.BindOptions(new RedisStreamBackendOptions(), Bind)));

    /// <summary>
    /// Builds the backend from options bound from the node's <c>Options</c> section (<c>ConnectionString</c>,
    /// <c>Stream</c>, <c>MaxLength</c>). An invalid value throws an <see cref="ArgumentException"/> whose parameter name
    /// is the option's key, which the binder turns into its path.
    /// </summary>
    public static RedisStreamBackend Create(RedisStreamBackendOptions options) => new(options);

    // Written where the options type is known, so the configuration binding generator replaces the binder's reflection.
    private static void Bind(IConfiguration section, RedisStreamBackendOptions options) =>
        section.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
}
