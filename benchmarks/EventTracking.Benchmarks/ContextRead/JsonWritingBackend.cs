namespace EventTracking.Benchmarks.ContextRead;

/// <summary>A backend that serializes every event it receives as canonical JSON, as the SQLite, HTTP and Serilog JSON backends do.</summary>
internal sealed class JsonWritingBackend(JsonScratch scratch) : IEventBackend
{
    public void Send(TrackingEvent evt)
    {
        EventJson.Write(scratch.Begin(), evt);
        scratch.End();
    }
}
