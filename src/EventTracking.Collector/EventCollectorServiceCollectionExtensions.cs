using EventTracking;
using EventTracking.Collector;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the HTTP collector's services; map its routes with <c>MapEventCollector</c> and <c>MapPycolytics</c>.</summary>
public static class EventCollectorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the collector with options bound from <paramref name="configuration"/> (usually
    /// <c>configuration.GetSection("Collector")</c>: <c>Keys</c>, <c>AllowAnonymous</c>, the limits, <c>RateLimit</c>,
    /// <c>Pycolytics</c>), then changed by <paramref name="configure"/>. Accepted events go through the application's
    /// tracker, so call <c>AddEventTracking</c> as well.
    /// </summary>
    /// <remarks>
    /// The options are validated as the host starts: with no key configured and <see cref="EventCollectorOptions.AllowAnonymous"/>
    /// off, or with a limit out of range, the host refuses to start with a message naming the setting.
    /// </remarks>
    /// <param name="services">The application's services.</param>
    /// <param name="configuration">The <c>Collector</c> section (or the configuration root, whose <c>Collector</c> section is
    /// used); an unknown setting in it fails the start with an <see cref="EventTrackingConfigurationException"/> naming its path.</param>
    /// <param name="configure">Changes the options after binding.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddEventCollector(this IServiceCollection services, IConfiguration configuration, Action<EventCollectorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration as IConfigurationSection ?? configuration.GetSection(CollectorOptionsSetup.Section);
        var options = services.AddOptions<EventCollectorOptions>().Configure(o => OptionsBinder.Bind(
            section, o, CollectorOptionsSetup.Section, static (c, o) => c.Bind(o, OptionsBinder.Strict)));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return AddCore(services);
    }

    /// <summary>Registers the collector with options set in code. Accepted events go through the application's tracker.</summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Sets keys, limits and rate limits.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddEventCollector(this IServiceCollection services, Action<EventCollectorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<EventCollectorOptions>().Configure(configure);
        return AddCore(services);
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        services.AddOptions<EventCollectorOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<EventCollectorOptions>, CollectorOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EventCollectorOptions>, CollectorOptionsSetup>());
        services.AddLogging();
        services.TryAddSingleton<ApiKeys>();
        services.TryAddSingleton<CollectorRateLimits>();
        services.TryAddSingleton<CollectorIngestion>();
        services.TryAddSingleton<NativeCollectorEndpoint>();
        services.TryAddSingleton<PycolyticsEndpoint>();
        return services;
    }
}
