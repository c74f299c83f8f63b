using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EventTracking.AspNetCore;

/// <summary>Everything <c>AddEventTracking</c> calls have said, kept in DI as one instance and read when the tracker is built.</summary>
internal sealed class EventTrackingRegistry
{
    public EventTrackingRegistry(IServiceCollection services)
    {
        Root = new RouteBuilder(services);
        BuiltInTypes.Register(this);
    }

    /// <summary>Backend types by short name; names compare as configuration keys do, ignoring case.</summary>
    public Dictionary<string, EventTrackingBackendType> BackendTypes { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Processor types by short name.</summary>
    public Dictionary<string, Func<EventTrackingTypeContext, IEventProcessor>> ProcessorTypes { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The root router's processors and backends added in code.</summary>
    public RouteBuilder Root { get; }

    /// <summary>Process-wide context added in code; it overrides keys of the configured <c>Context</c> section.</summary>
    public Dictionary<string, object?> Context { get; } = new(StringComparer.Ordinal);

    /// <summary>The <c>EventTracking</c> configuration section, if the tree is bound from configuration.</summary>
    public IConfiguration? Configuration { get; set; }

    public string KnownBackendTypes => Join(BackendTypes.Keys.Concat(EventTrackingTypes.KnownBackendTypeNames));

    public string KnownProcessorTypes => Join(ProcessorTypes.Keys.Concat(EventTrackingTypes.KnownProcessorTypeNames));

    /// <summary>The application's own registration wins; else the type a referenced package registers (loaded on first use).</summary>
    public EventTrackingBackendType? FindBackendType(string typeName) =>
        BackendTypes.GetValueOrDefault(typeName) ?? EventTrackingTypes.FindBackendType(typeName);

    /// <summary>The application's own registration wins; else the type a referenced package registers.</summary>
    public Func<EventTrackingTypeContext, IEventProcessor>? FindProcessorType(string typeName) =>
        ProcessorTypes.GetValueOrDefault(typeName) ?? EventTrackingTypes.FindProcessorType(typeName);

    private static string Join(IEnumerable<string> names) =>
        string.Join(", ", names.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase));
}
