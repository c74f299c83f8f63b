using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace EventTracking;

/// <summary>
/// The process-wide catalog of backend and processor types that configuration can name. A package that brings a type
/// registers it here from a module initializer, so an application that references the package can name the type in
/// appsettings.json without a line of code; an application that does not reference it carries none of its dependencies.
/// </summary>
/// <remarks>
/// The configuration binder asks <see cref="FindBackendType"/> for a name it does not know from the application's own
/// registrations. For the types our packages bring, the catalog knows which assembly holds them and loads it on first
/// use (a referenced assembly is not loaded until something touches it); an unreferenced package is reported by name.
/// </remarks>
public static class EventTrackingTypes
{
    private static readonly ConcurrentDictionary<string, EventTrackingBackendType> BackendTypes = new(StringComparer.OrdinalIgnoreCase);
    private static readonly ConcurrentDictionary<string, Func<EventTrackingTypeContext, IEventProcessor>> ProcessorTypes = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The packages that bring the built-in type names: type name to package (and assembly) name.</summary>
    private static readonly Dictionary<string, string> KnownPackages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Sqlite"] = "EventTracking.Sqlite",
        ["Mongo"] = "EventTracking.MongoDB",
        ["Serilog"] = "EventTracking.Serilog",
        ["Http"] = "EventTracking.Http",
        ["RedisStream"] = "EventTracking.Redis",
        ["PostgreSql"] = "EventTracking.PostgreSql",
    };

    /// <summary>Registers (or replaces) a backend type under <paramref name="typeName"/>.</summary>
    /// <param name="typeName">The name configuration uses in <c>Type</c>.</param>
    /// <param name="create">Creates the backend from the node's context.</param>
    /// <param name="isRouter">Whether the backend takes <c>Processors</c> and <c>Backends</c> of its own.</param>
    /// <exception cref="ArgumentException"><paramref name="typeName"/> is empty or white space.</exception>
    public static void RegisterBackendType(string typeName, Func<EventTrackingTypeContext, IEventBackend> create, bool isRouter = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(typeName);
        ArgumentNullException.ThrowIfNull(create);
        BackendTypes[typeName] = new EventTrackingBackendType(typeName, create, isRouter);
    }

    /// <summary>Registers (or replaces) a processor type under <paramref name="typeName"/>.</summary>
    /// <param name="typeName">The name configuration uses in <c>Type</c>.</param>
    /// <param name="create">Creates the processor from the node's context.</param>
    /// <exception cref="ArgumentException"><paramref name="typeName"/> is empty or white space.</exception>
    public static void RegisterProcessorType(string typeName, Func<EventTrackingTypeContext, IEventProcessor> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(typeName);
        ArgumentNullException.ThrowIfNull(create);
        ProcessorTypes[typeName] = create;
    }

    /// <summary>Finds a backend type, loading the package that brings a built-in name on first use.</summary>
    /// <param name="typeName">The name from configuration.</param>
    /// <returns>The type, or null when no loaded or known package registers it.</returns>
    /// <exception cref="EventTrackingConfigurationException">
    /// The name is one our packages bring, but the application does not reference that package; the message names it.
    /// </exception>
    public static EventTrackingBackendType? FindBackendType(string typeName)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        if (BackendTypes.TryGetValue(typeName, out var type))
        {
            return type;
        }

        LoadPackageOf(typeName);
        return BackendTypes.GetValueOrDefault(typeName);
    }

    /// <summary>Finds a processor type, loading the package that brings a built-in name on first use.</summary>
    /// <param name="typeName">The name from configuration.</param>
    /// <returns>The factory, or null when no loaded or known package registers it.</returns>
    /// <exception cref="EventTrackingConfigurationException">As for <see cref="FindBackendType"/>.</exception>
    public static Func<EventTrackingTypeContext, IEventProcessor>? FindProcessorType(string typeName)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        if (ProcessorTypes.TryGetValue(typeName, out var create))
        {
            return create;
        }

        LoadPackageOf(typeName);
        return ProcessorTypes.GetValueOrDefault(typeName);
    }

    /// <summary>The backend type names registered so far and those our packages bring, for error messages.</summary>
    public static IEnumerable<string> KnownBackendTypeNames =>
        BackendTypes.Keys.Concat(KnownPackages.Keys).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>The processor type names registered so far, for error messages.</summary>
    public static IEnumerable<string> KnownProcessorTypeNames => ProcessorTypes.Keys;

    private static void LoadPackageOf(string typeName)
    {
        if (!KnownPackages.TryGetValue(typeName, out var package))
        {
            return;
        }

        Assembly assembly;
        try
        {
            assembly = Assembly.Load(new AssemblyName(package));
        }
        catch (FileNotFoundException ex)
        {
            throw new EventTrackingConfigurationException(
                $"The type '{typeName}' comes with the package {package}, which this application does not reference; add it with `dotnet add package {package}`.",
                ex);
        }

        // Runs the package's module initializer, which registers its types; a no-op when it already ran.
        RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
    }
}
