using EventTracking;
using EventTracking.Collector;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Papika surface's services; map its routes with <c>app.MapPapika()</c>.</summary>
public static class PapikaServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Papika surface with options bound from <paramref name="configuration"/> (usually
    /// <c>configuration.GetSection("Papika")</c>: <c>StorePath</c>, <c>Experiments</c>, <c>VerifyChecksum</c>,
    /// <c>AllowedOrigins</c>, <c>MaxRequestBodySize</c>, <c>MaxBatchSize</c>), then changed by <paramref name="configure"/>.
    /// Papika shares the collector's services (its depth limit, rate limits, <c>Retry-After</c> and delivery through the
    /// application's tracker), so call <c>AddEventCollector</c> and <c>AddEventTracking</c> as well.
    /// </summary>
    /// <remarks>The options are validated as the host starts; a mistake fails the start with a message naming the setting.</remarks>
    /// <param name="services">The application's services.</param>
    /// <param name="configuration">The <c>Papika</c> section; an unknown setting in it fails the start.</param>
    /// <param name="configure">Changes the options after binding.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddPapika(this IServiceCollection services, IConfiguration configuration, Action<PapikaOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration as IConfigurationSection;
        var path = section?.Path ?? "Papika";
        var options = services.AddOptions<PapikaOptions>().Configure(o => Bind(configuration, section, o));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return AddCore(services, path);
    }

    /// <summary>
    /// Registers the Papika surface with options set in code. Call <c>AddEventCollector</c> and <c>AddEventTracking</c> as well.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Sets the store, the experiments and the rest.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddPapika(this IServiceCollection services, Action<PapikaOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<PapikaOptions>().Configure(configure);
        return AddCore(services, "Papika");
    }

    private static void Bind(IConfiguration configuration, IConfigurationSection? section, PapikaOptions options)
    {
        if (section is not null)
        {
            // The binder names a bad dictionary value only deep inside its exception; name it here first.
            foreach (var experiment in section.GetSection(nameof(PapikaOptions.Experiments)).GetChildren())
            {
                if (!int.TryParse(experiment.Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _))
                {
                    throw new EventTrackingConfigurationException($"{experiment.Path} must be a number of conditions, such as 2, not '{experiment.Value}'.");
                }
            }

            OptionsBinder.Bind(section, options, nameof(PapikaOptions), static (c, o) => c.Bind(o, OptionsBinder.Strict));
            return;
        }

        try
        {
            configuration.Bind(options, OptionsBinder.Strict);
        }
        catch (InvalidOperationException ex)
        {
            throw new EventTrackingConfigurationException($"Papika: {ex.Message}", ex);
        }
    }

    private static IServiceCollection AddCore(IServiceCollection services, string path)
    {
        services.AddOptions<PapikaOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PapikaOptions>, PapikaOptionsValidator>(
            sp => new PapikaOptionsValidator(path, sp.GetService<IOptions<EventCollectorOptions>>()?.Value)));
        services.AddLogging();
        services.TryAddSingleton<PapikaStore>();

        // Its users, sessions and assignments are user data: the erasure endpoint erases them with the user's events.
        services.AddEventTrackingErasableStore("papika", static sp => sp.GetRequiredService<PapikaStore>());
        services.TryAddSingleton<PapikaCors>();
        services.TryAddSingleton<PapikaEndpoint>();
        return services;
    }
}
