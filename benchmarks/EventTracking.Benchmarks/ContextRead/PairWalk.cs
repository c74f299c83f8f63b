namespace EventTracking.Benchmarks.ContextRead;

/// <summary>
/// What the walking readers fold every key and value they read into, so the reads cannot be optimized away: the work of
/// a backend that maps an event into its own structure (a document, a row, a filter) before it serializes anything.
/// </summary>
internal sealed class PairWalk
{
    /// <summary>The running fold of everything read.</summary>
    public long Sum { get; private set; }

    public void Touch(string key, object? value) => Sum += key.Length + value switch
    {
        string text => text.Length,
        int number => number,
        long number => number,
        null => 0,
        _ => 1,
    };

    public void Touch(string name, DateTimeOffset timestamp) => Sum += name.Length + timestamp.UtcTicks;

    public void Touch(Guid id) => Sum += id.GetHashCode();
}
