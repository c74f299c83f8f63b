namespace EventTracking;

/// <summary>Pops its frame when disposed; returned by <see cref="Tracker.Context"/>.</summary>
internal sealed class ContextScope : IDisposable
{
    private Tracker? _tracker;
    private readonly ContextFrame _frame;

    public ContextScope(Tracker tracker, ContextFrame frame)
    {
        _tracker = tracker;
        _frame = frame;
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _tracker, null)?.RemoveFrame(_frame);
    }
}
