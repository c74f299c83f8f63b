using EventTracking.AspNetCore;
using EventTracking.Reading;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the retention service.</summary>
public static class EventRetentionServiceCollectionExtensions
{
    /// <summary>
    /// Deletes events older than <see cref="EventRetentionOptions.MaxAge"/> from every store that supports it (an
    /// <see cref="IEventRetention"/> in DI or in the tracker's tree, such as a <c>SqliteBackend</c>), in small batches,
    /// at start and then every <see cref="EventRetentionOptions.Interval"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets <see cref="EventRetentionOptions.MaxAge"/> (required) and the batch settings.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    /// <example><c>services.AddEventRetention(o => o.MaxAge = TimeSpan.FromDays(90));</c></example>
    public static IServiceCollection AddEventRetention(this IServiceCollection services, Action<EventRetentionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var check = new EventRetentionOptions();
        configure(check);
        check.Validate();
        services.AddOptions<EventRetentionOptions>().Configure(configure);
        services.AddSingleton<EventRetentionService>();
        services.AddHostedService(provider => provider.GetRequiredService<EventRetentionService>());
        return services;
    }
}
