using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace EventTracking;

/// <summary>
/// The first processor of an <see cref="OpenTelemetryBackend"/>'s pipeline: gives the record being written the event's
/// time and trace ids, which the logging pipeline would otherwise take from the clock and from whatever activity is
/// current on the thread that delivers the event.
/// </summary>
internal sealed class EventTraceProcessor : BaseProcessor<LogRecord>
{
    [ThreadStatic]
    private static TrackingEvent? _writing;

    [ThreadStatic]
    private static (ActivityTraceId Trace, ActivitySpanId Span)? _ids;

    /// <summary>Marks <paramref name="evt"/> as the event whose record the current thread is about to write.</summary>
    public static Scope Writing(TrackingEvent evt, (ActivityTraceId Trace, ActivitySpanId Span)? ids)
    {
        _writing = evt;
        _ids = ids;
        return default;
    }

    public override void OnEnd(LogRecord data)
    {
        if (_writing is not { } evt)
        {
            return;
        }

        data.Timestamp = evt.Timestamp.UtcDateTime;
        if (_ids is { } ids)
        {
            data.TraceId = ids.Trace;
            data.SpanId = ids.Span;
            data.TraceFlags = ActivityTraceFlags.Recorded;
        }
        else
        {
            data.TraceId = default;
            data.SpanId = default;
            data.TraceFlags = ActivityTraceFlags.None;
        }
    }

    /// <summary>Clears the mark when the record is written.</summary>
    public readonly struct Scope : IDisposable
    {
        public void Dispose()
        {
            _writing = null;
            _ids = null;
        }
    }
}
