using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventTracking.AspNetCore;

/// <summary>
/// Builds the tracker from the configured tree and what was added in code. Every configuration mistake in the
/// tree is collected, so one failed start reports them all.
/// </summary>
internal sealed partial class TrackerTreeBuilder
{
    /// <summary>The keys the <c>EventTracking</c> section may hold.</summary>
    public static readonly string[] RootKeys = ["Context", "Processors", "Backends", "RequestContext", "ShutdownTimeout"];

    private static readonly string[] BackendKeys = ["Type", "Options", "Processors", "Backends"];
    private static readonly string[] ProcessorKeys = ["Type", "Options"];

    private readonly EventTrackingRegistry _registry;
    private readonly IServiceProvider _services;
    private readonly List<string> _errors = [];

    private TrackerTreeBuilder(EventTrackingRegistry registry, IServiceProvider services)
    {
        _registry = registry;
        _services = services;
    }

    public static Tracker Build(EventTrackingRegistry registry, IServiceProvider services)
    {
        // Everything built here (tracker, routers, async nodes, backends) records on the container's meter for life,
        // so two containers in one process never count each other's events.
        using var meterScope = services.GetService<IMeterFactory>() is { } meterFactory ? EventTrackingDiagnostics.UseMeterFactory(meterFactory) : null;
        return new TrackerTreeBuilder(registry, services).Build();
    }

    private Tracker Build()
    {
        var root = new RoutingBackend();
        var context = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (_registry.Configuration is { } section)
        {
            CheckKeys(section, RootKeys, "the EventTracking section");
            foreach (var (key, value) in ConfigurationValues.ToDictionary(section.GetSection("Context")))
            {
                context[key] = value;
            }

            AddChildren(root, section);
        }

        if (_errors.Count > 0)
        {
            throw new EventTrackingConfigurationException(_errors);
        }

        foreach (var (key, value) in _registry.Context)
        {
            context[key] = value;
        }

        foreach (var processor in _registry.Root.Processors)
        {
            root.RegisterProcessor(OwnedComponents.Create(processor, _services));
        }

        foreach (var (name, backend) in _registry.Root.Backends)
        {
            if (root.Backends.ContainsKey(name))
            {
                throw new EventTrackingConfigurationException(
                    $"{Combine(_registry.Configuration, "Backends", name)} is configured, and a backend of the same name is also added in code.");
            }

            root.RegisterBackend(name, OwnedComponents.Create(backend, _services));
        }

        return new Tracker(root, new TrackerOptions
        {
            Context = context,
            LoggerFactory = _services.GetService<ILoggerFactory>(),
            TimeProvider = _services.GetService<TimeProvider>() ?? TimeProvider.System,
            CaptureTraceContext = _services.GetService<IOptions<EventTrackingMiddlewareOptions>>()?.Value.CaptureTraceId ?? true,
            ErasableStores = ErasableStores(_services),
        });
    }

    /// <summary>The stores registered with <c>AddEventTrackingErasableStore</c>, resolved when an erasure asks for them.</summary>
    private static Func<IReadOnlyDictionary<string, IErasableStore>>? ErasableStores(IServiceProvider services)
    {
        var registrations = services.GetServices<ErasableStoreRegistration>().ToArray();
        if (registrations.Length == 0)
        {
            return null;
        }

        return () =>
        {
            var stores = new Dictionary<string, IErasableStore>(StringComparer.Ordinal);
            foreach (var registration in registrations)
            {
                stores.TryAdd(registration.Name, registration.Factory(services));
            }

            return stores;
        };
    }

    /// <summary>Adds the <c>Processors</c> and <c>Backends</c> configured under <paramref name="node"/> to <paramref name="router"/>.</summary>
    private void AddChildren(RoutingBackend router, IConfiguration node)
    {
        foreach (var processorNode in node.GetSection("Processors").GetChildren())
        {
            if (BuildProcessor(processorNode) is { } processor)
            {
                router.RegisterProcessor(processor);
            }
        }

        foreach (var backendNode in node.GetSection("Backends").GetChildren())
        {
            if (BuildBackend(backendNode) is { } backend)
            {
                router.RegisterBackend(backendNode.Key, backend);
            }
        }
    }

    private IEventBackend? BuildBackend(IConfigurationSection node)
    {
        if (!CheckKeys(node, BackendKeys, "a backend") || ResolveTypeName(node) is not { } typeName)
        {
            return null;
        }

        if (!TryFind(node, () => _registry.FindBackendType(typeName), out var type))
        {
            return null;
        }

        if (type is null)
        {
            var hint = _registry.KnownProcessorTypes.Split(", ").Contains(typeName, StringComparer.OrdinalIgnoreCase) ? $"'{typeName}' is a processor type, not a backend type" : $"'{typeName}' is not a known backend type";
            _errors.Add($"{node.Path}:Type {hint}; known backend types: {_registry.KnownBackendTypes}.");
            return null;
        }

        if (!type.IsRouter)
        {
            foreach (var key in new[] { "Processors", "Backends" })
            {
                if (node.GetSection(key).GetChildren().Any())
                {
                    _errors.Add($"{node.Path}:{key} is not allowed: a {typeName} backend has no {key.ToLowerInvariant()}; put it under a Routing or AsyncRouting backend.");
                }
            }
        }

        var backend = Create(node, typeName, type.Create);
        if (backend is null || !type.IsRouter)
        {
            return backend;
        }

        if (backend is not RoutingBackend router)
        {
            _errors.Add($"{node.Path}:Type '{typeName}' is registered as a router but its factory returned a {backend.GetType().Name}.");
            return null;
        }

        AddChildren(router, node);
        return router;
    }

    private IEventProcessor? BuildProcessor(IConfigurationSection node)
    {
        if (!CheckKeys(node, ProcessorKeys, "a processor") || ResolveTypeName(node) is not { } typeName)
        {
            return null;
        }

        if (!TryFind(node, () => _registry.FindProcessorType(typeName), out var factory))
        {
            return null;
        }

        if (factory is null)
        {
            var hint = _registry.KnownBackendTypes.Split(", ").Contains(typeName, StringComparer.OrdinalIgnoreCase) ? $"'{typeName}' is a backend type, not a processor type" : $"'{typeName}' is not a known processor type";
            _errors.Add($"{node.Path}:Type {hint}; known processor types: {_registry.KnownProcessorTypes}.");
            return null;
        }

        return Create(node, typeName, factory);
    }

    /// <summary>Looks a type up; a type whose package the application does not reference becomes an error naming the package.</summary>
    private bool TryFind<T>(IConfigurationSection node, Func<T?> find, out T? found)
        where T : class
    {
        try
        {
            found = find();
            return true;
        }
        catch (EventTrackingConfigurationException ex)
        {
            _errors.Add($"{node.Path}:Type: {ex.Message}");
            found = null;
            return false;
        }
    }

    private T? Create<T>(IConfigurationSection node, string typeName, Func<EventTrackingTypeContext, T> factory)
        where T : class
    {
        var context = new ConfiguredTypeContext(typeName, node.Key, node.Path, node.GetSection("Options"), _services);
        try
        {
            var component = factory(context) ?? throw new InvalidOperationException($"The factory of type '{typeName}' returned null.");
            _services.GetService<OwnedComponents>()?.Add(component);
            return component;
        }
        catch (EventTrackingConfigurationException ex)
        {
            _errors.AddRange(ex.Errors);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or IOException or UnauthorizedAccessException)
        {
            // A constructor that validates its options by throwing, or cannot open its files: the message still gets its path.
            _errors.Add(WithPath(node.Path, ex));
        }

        return null;
    }

    /// <summary>
    /// Rewrites the backends' convention "SqliteBackendOptions.Path must be set. (Parameter 'options')" as
    /// "EventTracking:Backends:store:Options:Path must be set."; other messages are prefixed with the node's path.
    /// </summary>
    internal static string WithPath(string nodePath, Exception ex)
    {
        var message = ex is ArgumentException { ParamName: { } param }
            ? ex.Message.Replace($" (Parameter '{param}')", string.Empty, StringComparison.Ordinal)
            : ex.Message;
        var match = OptionMessage().Match(message);
        return match.Success
            ? $"{ConfigurationPath.Combine(nodePath, "Options", match.Groups["option"].Value.Replace('.', ':'))} {match.Groups["rest"].Value}"
            : $"{nodePath}: {message}";
    }

    [GeneratedRegex(@"^\w+Options\.(?<option>\w+(?:\.\w+)*):? (?<rest>.*)$", RegexOptions.Singleline)]
    private static partial Regex OptionMessage();

    private string? ResolveTypeName(IConfigurationSection node)
    {
        var typeName = node["Type"];
        if (string.IsNullOrWhiteSpace(typeName))
        {
            _errors.Add($"{node.Path}:Type is missing; every backend and processor needs one.");
            return null;
        }

        return typeName.Trim();
    }

    private bool CheckKeys(IConfiguration node, string[] allowed, string what)
    {
        var ok = true;
        foreach (var child in node.GetChildren())
        {
            if (!allowed.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                _errors.Add($"{child.Path} is not a key of {what}; expected {string.Join(", ", allowed)}.");
                ok = false;
            }
        }

        return ok;
    }

    private static string Combine(IConfiguration? section, params string[] keys) =>
        ConfigurationPath.Combine([(section as IConfigurationSection)?.Path ?? "EventTracking", .. keys]);
}
