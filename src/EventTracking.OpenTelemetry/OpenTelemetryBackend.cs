using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;

namespace EventTracking;

/// <summary>
/// Sends each event as an OpenTelemetry log record through the OpenTelemetry SDK's logging pipeline, so any exporter
/// (OTLP to a collector, Loki, Elastic, …) receives it: the event name as the record's event name, the context and data
/// as attributes (<c>context.user_id</c>, <c>data.url</c>, nested values dotted), the event's id and timestamp, and its
/// <c>trace_id</c>/<c>span_id</c> as the record's trace context.
/// </summary>
/// <remarks>
/// The backend owns its pipeline (<see cref="OpenTelemetryBackendOptions.Configure"/> adds the exporters); disposing it
/// flushes and shuts the pipeline down. Put it beneath an <see cref="AsyncRoutingBackend"/> with a batching exporter
/// so emitting never waits on the network.
/// </remarks>
public sealed class OpenTelemetryBackend : IEventBackend, IDisposable, IAsyncDisposable
{
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private int _disposed;

    /// <summary>Creates the backend and its logging pipeline.</summary>
    /// <param name="options">The category name and the pipeline's exporters.</param>
    /// <exception cref="ArgumentException"><see cref="OpenTelemetryBackendOptions.Configure"/> is missing, or the category is blank.</exception>
    public OpenTelemetryBackend(OpenTelemetryBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.CategoryName, nameof(options));
        var configure = options.Configure ?? throw new ArgumentException(
            "OpenTelemetryBackendOptions.Configure is required: add an exporter there (AddOtlpExporter(), AddInMemoryExporter(…)), or the records go nowhere.",
            nameof(options));
        _loggerFactory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(LogLevel.Trace)
            .AddOpenTelemetry(otel =>
            {
                otel.IncludeFormattedMessage = false;
                otel.ParseStateValues = true;
                otel.AddProcessor(new EventTraceProcessor());
                configure(otel);
            }));
        _logger = _loggerFactory.CreateLogger(options.CategoryName);
    }

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The backend was disposed.</exception>
    public void Send(TrackingEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var attributes = LogAttributes.From(evt);
        using (EventTraceProcessor.Writing(evt, TraceIds(evt.Context)))
        {
            _logger.Log(LogLevel.Information, new EventId(0, evt.Name), attributes, null, static (state, _) => state.Name);
        }
    }

    /// <summary>Flushes the pipeline's exporters and shuts it down; later calls do nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _loggerFactory.Dispose();
        }
    }

    /// <summary>Flushes the pipeline's exporters and shuts it down; later calls do nothing.</summary>
    /// <returns>A completed task: the SDK's shutdown is synchronous.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static (ActivityTraceId, ActivitySpanId)? TraceIds(IReadOnlyDictionary<string, object?> context)
    {
        if (context.TryGetValue("trace_id", out var trace) && trace is string traceId && traceId.Length == 32 && IsHex(traceId)
            && context.TryGetValue("span_id", out var span) && span is string spanId && spanId.Length == 16 && IsHex(spanId))
        {
            return (ActivityTraceId.CreateFromString(traceId), ActivitySpanId.CreateFromString(spanId));
        }

        return null;
    }

    private static bool IsHex(string value) => value.AsSpan().IndexOfAnyExcept("0123456789abcdef") < 0;
}
