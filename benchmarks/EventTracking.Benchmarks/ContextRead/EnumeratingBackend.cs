namespace EventTracking.Benchmarks.ContextRead;

/// <summary>
/// A backend that reads an event only through its public dictionaries (foreach over <see cref="TrackingEvent.Context"/>
/// and <see cref="TrackingEvent.Data"/>), as a third-party serializer or the MongoDB and Serilog mappers do, and writes
/// every key and value as JSON.
/// </summary>
internal sealed class EnumeratingBackend(JsonScratch scratch) : IEventBackend
{
    public void Send(TrackingEvent evt)
    {
        var writer = scratch.Begin();
        writer.WriteStartObject();
        writer.WriteString("id", evt.Id);
        writer.WriteString("name", evt.Name);
        writer.WriteString("timestamp", evt.Timestamp);
        writer.WriteStartObject("context");
        foreach (var (key, value) in evt.Context)
        {
            writer.WritePropertyName(key);
            EventJson.WriteValue(writer, value);
        }

        writer.WriteEndObject();
        writer.WriteStartObject("data");
        foreach (var (key, value) in evt.Data)
        {
            writer.WritePropertyName(key);
            EventJson.WriteValue(writer, value);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        scratch.End();
    }
}
