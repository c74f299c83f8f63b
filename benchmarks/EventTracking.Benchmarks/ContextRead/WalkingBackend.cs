namespace EventTracking.Benchmarks.ContextRead;

/// <summary>
/// A backend that reads every key and value of an event's merged context and data through <c>foreach</c>, with its id,
/// name and timestamp, and serializes nothing: the "context read" of issue 20's first table.
/// </summary>
internal sealed class WalkingBackend(PairWalk walk) : IEventBackend
{
    public void Send(TrackingEvent evt)
    {
        walk.Touch(evt.Id);
        walk.Touch(evt.Name, evt.Timestamp);
        foreach (var (key, value) in evt.Context)
        {
            walk.Touch(key, value);
        }

        foreach (var (key, value) in evt.Data)
        {
            walk.Touch(key, value);
        }
    }
}
