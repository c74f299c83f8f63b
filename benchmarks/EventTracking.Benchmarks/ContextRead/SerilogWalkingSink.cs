using Serilog.Core;
using Serilog.Events;

namespace EventTracking.Benchmarks.ContextRead;

/// <summary>The Serilog peer's walking sink: reads each log event's template, timestamp and every property (the enriched context included).</summary>
internal sealed class SerilogWalkingSink(PairWalk walk) : ILogEventSink
{
    public void Emit(LogEvent logEvent)
    {
        walk.Touch(logEvent.MessageTemplate.Text, logEvent.Timestamp);
        foreach (var (key, value) in logEvent.Properties)
        {
            walk.Touch(key, value is ScalarValue scalar ? scalar.Value : value);
        }
    }
}
