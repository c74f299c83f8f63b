using EventTracking;
using EventTracking.Collector;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Microticks surface's services; map its routes with <c>MapMicroticks</c>.</summary>
public static class MicroticksServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Microticks surface with options bound from <paramref name="configuration"/> (usually
    /// <c>configuration.GetSection("Microticks")</c>), then changed by <paramref name="configure"/>. It is a surface of
    /// the collector, so call <c>AddEventCollector</c> (its limits, rate limits and <c>Retry-After</c> apply) and
    /// <c>AddEventTracking</c> (its events go through the application's tracker) as well.
    /// </summary>
    /// <remarks>
    /// As the host starts the options are validated, the SQLite file is found (<see cref="MicroticksOptions.Database"/>,
    /// or the one SQLite store of the routing tree) and the Microticks tables are created; any problem fails the start
    /// with a message naming the setting.
    /// </remarks>
    /// <param name="services">The application's services.</param>
    /// <param name="configuration">The <c>Microticks</c> section (or the configuration root, whose <c>Microticks</c> section
    /// is used); an unknown setting in it fails the start with an <see cref="EventTrackingConfigurationException"/> naming its path.</param>
    /// <param name="configure">Changes the options after binding.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddMicroticks(this IServiceCollection services, IConfiguration configuration, Action<MicroticksOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration as IConfigurationSection ?? configuration.GetSection(MicroticksOptionsSetup.DefaultSection);
        var options = services.AddOptions<MicroticksOptions>().Configure(o =>
        {
            OptionsBinder.Bind(section, o, nameof(MicroticksOptions), static (c, o) => c.Bind(o, OptionsBinder.Strict));
            o.SectionPath = section.Path;
        });
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return AddCore(services);
    }

    /// <summary>
    /// Registers the Microticks surface with options set in code. Call <c>AddEventCollector</c> and <c>AddEventTracking</c>
    /// as well.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Sets the database and the read routes.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddMicroticks(this IServiceCollection services, Action<MicroticksOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<MicroticksOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return AddCore(services);
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        services.AddOptions<MicroticksOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<MicroticksOptions>, MicroticksOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MicroticksOptions>, MicroticksOptionsSetup>());
        services.AddLogging();
        services.TryAddSingleton<MicroticksDatabase>();
        services.TryAddSingleton<MicroticksConsumers>();
        services.TryAddSingleton<MicroticksSessions>();
        services.TryAddSingleton<MicroticksEventNumbers>();
        services.TryAddSingleton<MicroticksIngestion>();
        services.TryAddSingleton<MicroticksReader>();
        services.TryAddSingleton<MicroticksReadAccess>();
        services.TryAddSingleton<MicroticksRoutes>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MicroticksStartup>());
        return services;
    }
}
