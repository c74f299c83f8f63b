using Microsoft.Extensions.Configuration;

namespace EventTracking.AspNetCore;

/// <summary>
/// The type names the AspNetCore package itself brings (routers, the in-memory backend, Core's processors); the stores
/// and sinks register theirs from their own packages (see <see cref="EventTrackingTypes"/>).
/// </summary>
internal static class BuiltInTypes
{
    public const string Routing = "Routing";
    public const string AsyncRouting = "AsyncRouting";
    public const string RegexFilter = "RegexFilter";
    public const string NameAllowlist = "NameAllowlist";
    public const string InMemory = "InMemory";

    public static void Register(EventTrackingRegistry registry)
    {
        registry.BackendTypes[Routing] = new EventTrackingBackendType(Routing, CreateRouting, IsRouter: true);
        registry.BackendTypes[AsyncRouting] = new EventTrackingBackendType(AsyncRouting, CreateAsyncRouting, IsRouter: true);
        registry.BackendTypes[InMemory] = new EventTrackingBackendType(InMemory, CreateInMemory, IsRouter: false);
        registry.ProcessorTypes[RegexFilter] = CreateRegexFilter;
        registry.ProcessorTypes[NameAllowlist] = CreateNameAllowlist;
        PrivacyProcessorTypes.Register(registry);
    }

    private static RoutingBackend CreateRouting(EventTrackingTypeContext context)
    {
        context.EnsureNoOptions();
        return new RoutingBackend();
    }

    private static AsyncRoutingBackend CreateAsyncRouting(EventTrackingTypeContext context)
    {
        var options = context.BindOptions(
            RouterDefaults.DefaultAsyncRoutingOptions(context.Services, context.Name),
            static (section, o) => section.Bind(o, OptionsBinder.Strict)); // TimeProvider: from the services (SYSLIB1100/1101)
        if (options.Buffer is { } buffer)
        {
            if (string.IsNullOrWhiteSpace(buffer.Path))
            {
                throw context.OptionError("Buffer:Path", "is required: the folder that holds the durable buffer's files");
            }

            buffer.Path = RouterDefaults.FromContentRoot(context.Services, buffer.Path);
        }

        return new AsyncRoutingBackend(options: options);
    }

    private static InMemoryBackend CreateInMemory(EventTrackingTypeContext context)
    {
        context.EnsureNoOptions();
        return new InMemoryBackend();
    }

    private static RegexFilter CreateRegexFilter(EventTrackingTypeContext context)
    {
        var options = context.BindOptions(new RegexFilterOptions(), static (section, o) => section.Bind(o, OptionsBinder.Strict));
        if (options.Patterns.Length == 0)
        {
            throw context.OptionError(nameof(options.Patterns), "must list at least one pattern");
        }

        for (var i = 0; i < options.Patterns.Length; i++)
        {
            try
            {
                _ = new RegexFilter(options.FilterType, [options.Patterns[i]]);
            }
            catch (ArgumentException ex)
            {
                throw context.OptionError($"{nameof(options.Patterns)}:{i}", $"is not a valid regular expression: {(ex.InnerException ?? ex).Message}");
            }
        }

        return new RegexFilter(options.FilterType, options.Patterns);
    }

    private static NameAllowlist CreateNameAllowlist(EventTrackingTypeContext context)
    {
        var options = context.BindOptions(new NameAllowlistOptions(), static (section, o) => section.Bind(o, OptionsBinder.Strict));
        if (options.Names.Length == 0)
        {
            throw context.OptionError(nameof(options.Names), "must list at least one event name");
        }

        return new NameAllowlist(options.Names);
    }
}
