namespace EventTracking.Reading;

/// <summary>A store that can delete old events, a batch at a time, so a retention job never holds the store for long.</summary>
public interface IEventRetention
{
    /// <summary>Deletes up to <paramref name="maxEvents"/> of the oldest events stamped strictly before <paramref name="cutoff"/>.</summary>
    /// <param name="cutoff">Events with a timestamp before this instant are deleted.</param>
    /// <param name="maxEvents">The most events to delete in this call (one transaction); at least 1.</param>
    /// <param name="cancellationToken">Cancels waiting for the store; a batch that has begun is finished.</param>
    /// <returns>How many events were deleted; fewer than <paramref name="maxEvents"/> means none older are left.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxEvents"/> is less than 1.</exception>
    Task<int> DeleteBeforeAsync(DateTimeOffset cutoff, int maxEvents, CancellationToken cancellationToken = default);
}
