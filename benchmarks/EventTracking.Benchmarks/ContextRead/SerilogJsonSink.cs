using Serilog.Core;
using Serilog.Events;

namespace EventTracking.Benchmarks.ContextRead;

/// <summary>The Serilog peer's sink: writes each log event's template, timestamp and properties (the enriched context included) as JSON.</summary>
internal sealed class SerilogJsonSink(JsonScratch scratch) : ILogEventSink
{
    public void Emit(LogEvent logEvent)
    {
        var writer = scratch.Begin();
        writer.WriteStartObject();
        writer.WriteString("name", logEvent.MessageTemplate.Text);
        writer.WriteString("timestamp", logEvent.Timestamp);
        writer.WriteStartObject("properties");
        foreach (var (key, value) in logEvent.Properties)
        {
            writer.WritePropertyName(key);
            EventJson.WriteValue(writer, value is ScalarValue scalar ? scalar.Value : value.ToString());
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        scratch.End();
    }
}
