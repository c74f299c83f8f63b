namespace EventTracking;

/// <summary>A backend that can take many events at once, such as a database or an HTTP collector.</summary>
/// <remarks>
/// An <c>AsyncRoutingBackend</c> hands its batch-capable children whole batches and retries a batch whose
/// <see cref="SendBatchAsync"/> throws, so an implementation must make a re-sent batch harmless (stores key on
/// <see cref="TrackingEvent.Id"/>). Returning normally means every event of the batch is delivered.
/// </remarks>
public interface IBatchEventBackend : IEventBackend
{
    /// <summary>Delivers a batch of events.</summary>
    /// <param name="batch">The events, in the order they were accepted.</param>
    /// <param name="cancellationToken">Cancelled when the caller gives up, for example at the end of a shutdown timeout.</param>
    ValueTask SendBatchAsync(IReadOnlyList<TrackingEvent> batch, CancellationToken cancellationToken);
}
