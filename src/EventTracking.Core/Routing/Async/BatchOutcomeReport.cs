namespace EventTracking;

/// <summary>What a batch backend reported through <see cref="BatchOutcome"/> during one delivery.</summary>
internal sealed class BatchOutcomeReport
{
    private int _rejected;

    /// <summary>How many events the backend refused for good.</summary>
    public int Rejected => Volatile.Read(ref _rejected);

    /// <summary>The pause the destination asked for before the next attempt, if it did.</summary>
    public TimeSpan? RetryAfter { get; set; }

    public void Add(int count) => Interlocked.Add(ref _rejected, count);
}
