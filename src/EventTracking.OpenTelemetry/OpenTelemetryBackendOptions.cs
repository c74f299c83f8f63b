using OpenTelemetry.Logs;

namespace EventTracking;

/// <summary>Settings of an <see cref="OpenTelemetryBackend"/>.</summary>
public sealed class OpenTelemetryBackendOptions
{
    /// <summary>The logger category (OpenTelemetry instrumentation scope) of the records. Default <c>EventTracking.Events</c>.</summary>
    public string CategoryName { get; set; } = "EventTracking.Events";

    /// <summary>
    /// Configures the backend's own OpenTelemetry logging pipeline: its exporters (<c>AddOtlpExporter()</c>, …), its
    /// resource, its processors. Required: without an exporter the records go nowhere.
    /// </summary>
    public Action<OpenTelemetryLoggerOptions>? Configure { get; set; }
}
