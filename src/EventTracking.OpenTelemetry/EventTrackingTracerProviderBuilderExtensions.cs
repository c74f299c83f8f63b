using EventTracking;

namespace OpenTelemetry.Trace;

/// <summary>Hooks EventTracking's spans up to an OpenTelemetry tracer provider.</summary>
public static class EventTrackingTracerProviderBuilderExtensions
{
    /// <summary>
    /// Collects the <c>EventTracking</c> activity source: one <c>eventtracking.deliver</c> span per batch an async routing
    /// node delivers to a child, tagged with <c>eventtracking.node</c>, <c>eventtracking.backend</c> and
    /// <c>eventtracking.batch.size</c>. See docs/opentelemetry.md.
    /// </summary>
    /// <param name="builder">The tracer provider builder.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static TracerProviderBuilder AddEventTrackingInstrumentation(this TracerProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddSource(EventTrackingDiagnostics.ActivitySourceName);
    }
}
