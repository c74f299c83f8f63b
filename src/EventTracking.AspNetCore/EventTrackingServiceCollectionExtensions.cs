using System.Globalization;
using EventTracking;
using EventTracking.AspNetCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers event tracking in an application's services.</summary>
public static class EventTrackingServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="Tracker"/> (also as <see cref="ITracker"/>) whose tree is built in code.
    /// The tracker is built when the host starts, logs through the host's <c>ILogger</c>s, and delivers queued
    /// events when the host stops.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Adds backends, processors, context and type names.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddEventTracking(this IServiceCollection services, Action<EventTrackingBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var registry = GetOrAddRegistry(services);
        configure?.Invoke(new EventTrackingBuilder(services, registry));
        return services;
    }

    /// <summary>
    /// Registers a singleton <see cref="Tracker"/> (also as <see cref="ITracker"/>) whose tree is bound from
    /// <paramref name="configuration"/> (usually <c>configuration.GetSection("EventTracking")</c>), plus anything
    /// <paramref name="configure"/> adds in code. A configuration mistake fails the host's start with an
    /// <see cref="EventTrackingConfigurationException"/> naming its path.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configuration">The <c>EventTracking</c> section: <c>Context</c>, <c>Processors</c>, <c>Backends</c>,
    /// <c>RequestContext</c>, <c>ShutdownTimeout</c>.</param>
    /// <param name="configure">Registers application type names and adds to the tree in code.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddEventTracking(this IServiceCollection services, IConfiguration configuration, Action<EventTrackingBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var registry = GetOrAddRegistry(services);
        registry.Configuration = configuration;
        var path = (configuration as IConfigurationSection)?.Path;
        services.AddOptions<EventTrackingMiddlewareOptions>()
            .Configure(options => OptionsBinder.Bind(
                configuration.GetSection("RequestContext"), options, "RequestContext", static (section, o) => section.Bind(o, OptionsBinder.Strict),
                new EventTrackingMiddlewareOptionsValidator()));
        services.AddOptions<EventTrackingHostOptions>()
            .Configure(options => BindShutdownTimeout(configuration, path, options));
        configure?.Invoke(new EventTrackingBuilder(services, registry));
        return services;
    }

    private static EventTrackingRegistry GetOrAddRegistry(IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(EventTrackingRegistry))?.ImplementationInstance is EventTrackingRegistry existing)
        {
            return existing;
        }

        var registry = new EventTrackingRegistry(services);
        services.AddSingleton(registry);
        services.AddLogging();
        services.AddMetrics();
        services.AddOptions();
        services.TryAddSingleton<OwnedComponents>();
        services.TryAddSingleton(sp => TrackerTreeBuilder.Build(registry, sp));
        services.TryAddSingleton<ITracker>(sp => sp.GetRequiredService<Tracker>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EventTrackingLifetime>());
        services.AddOptions<EventTrackingHostOptions>()
            .Validate(o => o.ShutdownTimeout > TimeSpan.Zero, "EventTracking:ShutdownTimeout must be > 0");
        services.AddOptions<EventTrackingMiddlewareOptions>()
            .Validate(o => !string.IsNullOrWhiteSpace(o.ContextName), "EventTracking:RequestContext:ContextName must not be empty")
            .Validate(o => !o.CaptureUserId || !string.IsNullOrWhiteSpace(o.UserIdClaimType), "EventTracking:RequestContext:UserIdClaimType must not be empty while CaptureUserId is true")
            .Validate(o => o.MaxAgentLength > 0, "EventTracking:RequestContext:MaxAgentLength must be > 0")
            .Validate(o => o.MaxRefererLength > 0, "EventTracking:RequestContext:MaxRefererLength must be > 0")
            .Validate(o => o.MaxPathLength > 0, "EventTracking:RequestContext:MaxPathLength must be > 0")
            .Validate(o => o.MaxHostLength > 0, "EventTracking:RequestContext:MaxHostLength must be > 0")
            .Validate(o => o.MaxHeaderLength > 0, "EventTracking:RequestContext:MaxHeaderLength must be > 0")
            .Validate(
                o => o.CaptureHeaders.All(h => !string.IsNullOrWhiteSpace(h.Key) && !string.IsNullOrWhiteSpace(h.Value)),
                "EventTracking:RequestContext:CaptureHeaders needs a context key and a header name for every entry")
            .Validate(o => o.IPv4PrefixLength is >= 0 and <= 32 && o.IPv6PrefixLength is >= 0 and <= 128, "EventTracking:RequestContext:IPv4PrefixLength must be 0 to 32 and IPv6PrefixLength 0 to 128");
        return registry;
    }

    private static void BindShutdownTimeout(IConfiguration configuration, string? sectionPath, EventTrackingHostOptions options)
    {
        if (configuration["ShutdownTimeout"] is not { } text)
        {
            return;
        }

        if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var timeout))
        {
            throw new EventTrackingConfigurationException(
                $"{ConfigurationPath.Combine(sectionPath ?? "EventTracking", "ShutdownTimeout")} '{text}' is not a time span such as 00:00:10.");
        }

        options.ShutdownTimeout = timeout;
    }
}
