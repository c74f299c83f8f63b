namespace EventTracking;

/// <summary>Events given to a durable node by acknowledged delivery, waiting for the worker to commit them.</summary>
internal sealed class DurableAppend(List<TrackingEvent> events)
{
    public List<TrackingEvent> Events { get; } = events;

    /// <summary>Completes once the events are fsynced, or fails naming why they were not.</summary>
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
