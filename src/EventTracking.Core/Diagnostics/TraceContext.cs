using System.Diagnostics;

namespace EventTracking;

/// <summary>
/// Adds the W3C <c>trace_id</c> and <c>span_id</c> of <see cref="Activity.Current"/> to an event's context, in or out
/// of ASP.NET Core, so events line up with the traces and logs of the same operation.
/// </summary>
internal static class TraceContext
{
    /// <summary>The context key of the trace id (32 lowercase hex digits).</summary>
    public const string TraceIdKey = "trace_id";

    /// <summary>The context key of the span id (16 lowercase hex digits).</summary>
    public const string SpanIdKey = "span_id";

    private const string FrameName = "trace";

    [ThreadStatic]
    private static LastFrame? _last;

    /// <summary>
    /// The stack an event captures: <paramref name="current"/> itself outside an activity, else one frame above it holding
    /// the activity's ids, so they win over any frame's keys of the same name and never stay on the stack.
    /// </summary>
    public static ContextFrame Apply(ContextFrame current)
    {
        if (Activity.Current is not { IdFormat: ActivityIdFormat.W3C } activity)
        {
            return current;
        }

        // The events of one activity over one context share its frame, as the frames pushed for a request are shared:
        // nothing is built per event, and a serializer's per-frame work (the merged pairs) is done once.
        var (traceId, spanId) = (activity.TraceId, activity.SpanId);
        var last = _last;
        if (last is not null && ReferenceEquals(last.Parent, current) && last.TraceId == traceId && last.SpanId == spanId)
        {
            return last.Frame;
        }

        var values = new NormalizedDictionary(2)
        {
            [TraceIdKey] = traceId.ToHexString(),
            [SpanIdKey] = spanId.ToHexString(),
        };
        var frame = new ContextFrame(FrameName, values, current);
        _last = new LastFrame(current, traceId, spanId, frame);
        return frame;
    }

    // The frame this thread made last, and what it was made from.
    private sealed record LastFrame(ContextFrame Parent, ActivityTraceId TraceId, ActivitySpanId SpanId, ContextFrame Frame);
}
