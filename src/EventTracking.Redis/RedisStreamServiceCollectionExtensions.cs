using System.Diagnostics.Metrics;
using EventTracking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="RedisStreamConsumer"/>s as hosted services.</summary>
public static class RedisStreamServiceCollectionExtensions
{
    /// <summary>
    /// Adds a consumer of a Redis stream bound from <paramref name="section"/> (keys: <c>ConnectionString</c>,
    /// <c>Stream</c>, <c>Group</c>, <c>Consumer</c>, and the other <see cref="RedisStreamConsumerOptions"/>), delivering
    /// to the <see cref="ITracker"/> registered in the container, with a health check named <c>redis-stream:{Stream}</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The consumer's configuration section, such as <c>configuration.GetSection("RedisConsumer")</c>.</param>
    /// <returns>The services, for chaining.</returns>
    /// <exception cref="InvalidOperationException">The section holds a key that is not a setting, or a value of the wrong type.</exception>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public static IServiceCollection AddRedisStreamConsumer(this IServiceCollection services, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        var options = new RedisStreamConsumerOptions();
        try
        {
            section.Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"Configuration section '{section.Path}' is not a valid Redis stream consumer: {ex.Message}", ex);
        }

        return services.AddRedisStreamConsumer(options);
    }

    /// <summary>Adds a consumer of a Redis stream configured in code, with a health check named <c>redis-stream:{Stream}</c>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The services, for chaining.</returns>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public static IServiceCollection AddRedisStreamConsumer(this IServiceCollection services, Action<RedisStreamConsumerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new RedisStreamConsumerOptions();
        configure(options);
        return services.AddRedisStreamConsumer(options);
    }

    private static IServiceCollection AddRedisStreamConsumer(this IServiceCollection services, RedisStreamConsumerOptions options)
    {
        // Fail at registration, naming the setting, rather than when the host starts.
        options.Validate();
        _ = RedisConnections.Parse(options.ConnectionString, "RedisStreamConsumerOptions.ConnectionString");
        var key = new object(); // One consumer per call, and per service provider.
        services.AddKeyedSingleton(key, (provider, _) =>
        {
            var tracker = provider.GetRequiredService<ITracker>();
            var logger = provider.GetService<ILogger<RedisStreamConsumer>>();

            // Built on the container's meter, so its counters and gauges are this container's, not the process's.
            using var meterScope = provider.GetService<IMeterFactory>() is { } meterFactory ? EventTrackingDiagnostics.UseMeterFactory(meterFactory) : null;
            return new RedisStreamConsumer(options, tracker, logger);
        });
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredKeyedService<RedisStreamConsumer>(key));
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            "redis-stream:" + options.Stream,
            provider => new RedisStreamConsumerHealthCheck(provider.GetRequiredKeyedService<RedisStreamConsumer>(key)),
            failureStatus: null,
            tags: ["eventtracking", "redis"]));
        return services;
    }
}
