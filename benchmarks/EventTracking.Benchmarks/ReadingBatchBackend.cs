using EventTracking.Benchmarks.ContextRead;

namespace EventTracking.Benchmarks;

/// <summary>
/// A batch backend that reads what a store reads of every event it is given (the id, name and timestamp, and every
/// key and value of the data) into a <see cref="PairWalk"/>, and counts the events; it writes nothing anywhere.
/// </summary>
internal sealed class ReadingBatchBackend : IBatchEventBackend
{
    private readonly PairWalk _walk = new();
    private long _count;

    /// <summary>Events received so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    public void Send(TrackingEvent evt)
    {
        Read(evt);
        Interlocked.Increment(ref _count);
    }

    public ValueTask SendBatchAsync(IReadOnlyList<TrackingEvent> batch, CancellationToken cancellationToken)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            Read(batch[i]);
        }

        Interlocked.Add(ref _count, batch.Count);
        return ValueTask.CompletedTask;
    }

    private void Read(TrackingEvent evt)
    {
        _walk.Touch(evt.Id);
        _walk.Touch(evt.Name, evt.Timestamp);
        foreach (var (key, value) in evt.Data)
        {
            _walk.Touch(key, value);
        }
    }
}
