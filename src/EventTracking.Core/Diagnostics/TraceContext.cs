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

        var values = new NormalizedDictionary(2)
        {
            [TraceIdKey] = activity.TraceId.ToHexString(),
            [SpanIdKey] = activity.SpanId.ToHexString(),
        };
        return new ContextFrame(FrameName, values, current);
    }
}
