using EventTracking.AspNetCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the event-tracking health check.</summary>
public static class EventTrackingHealthCheckExtensions
{
    /// <summary>
    /// Adds a health check over the tracker's tree: <c>Unhealthy</c> when a backend implementing
    /// <see cref="EventTracking.IHealthProbe"/> cannot reach its store, <c>Degraded</c> when an async router's queue is
    /// nearly full or its recent deliveries failed, <c>Healthy</c> otherwise. Map it with <c>app.MapHealthChecks("/health")</c>.
    /// </summary>
    /// <param name="services">The application's services; <c>AddEventTracking</c> must also be called.</param>
    /// <param name="name">The check's name in health reports.</param>
    /// <param name="configure">Changes the thresholds.</param>
    /// <param name="tags">Tags for filtering checks, such as <c>ready</c>.</param>
    /// <returns>The health-checks builder, to add more checks.</returns>
    public static IHealthChecksBuilder AddEventTrackingHealthChecks(
        this IServiceCollection services,
        string name = "event_tracking",
        Action<EventTrackingHealthCheckOptions>? configure = null,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        services.AddOptions<EventTrackingHealthCheckOptions>()
            .Validate(o => o.QueueDegradedRatio is > 0 and <= 1, "EventTrackingHealthCheckOptions.QueueDegradedRatio must be > 0 and <= 1")
            .Validate(o => o.ProbeTimeout > TimeSpan.Zero, "EventTrackingHealthCheckOptions.ProbeTimeout must be > 0");
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return services.AddHealthChecks().AddCheck<EventTrackingHealthCheck>(name, failureStatus: null, tags: tags ?? []);
    }
}
