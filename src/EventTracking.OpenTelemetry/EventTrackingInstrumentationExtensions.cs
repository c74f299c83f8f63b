using EventTracking;

namespace OpenTelemetry.Metrics;

/// <summary>Hooks EventTracking's metrics up to an OpenTelemetry meter provider.</summary>
public static class EventTrackingMeterProviderBuilderExtensions
{
    /// <summary>
    /// Collects the <c>EventTracking</c> meter: events emitted, delivered and dropped (by <c>eventtracking.drop.reason</c>),
    /// processor and backend failures, queue depth and batch duration (seconds). See docs/opentelemetry.md.
    /// </summary>
    /// <param name="builder">The meter provider builder.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static MeterProviderBuilder AddEventTrackingInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter(EventTrackingDiagnostics.MeterName);
    }
}
