namespace EventTracking;

/// <summary>
/// Wakes an async worker that has run out of work, and costs a producer only a read while the worker is busy: the
/// worker raises a "parked" flag before its last look for work, and whoever finds the flag raised takes it down and
/// completes the task the worker awaits.
/// </summary>
/// <remarks>
/// No wake-up is lost as long as both sides order their writes before their reads with a full fence: the worker's
/// <see cref="Park"/> is an interlocked exchange followed by its last look; a waker must publish its work with an
/// interlocked operation (the intake's compare-and-swap, a <c>ConcurrentQueue</c> enqueue) before calling
/// <see cref="Wake"/>. Then either the worker's look sees the work or the waker sees the flag.
/// </remarks>
internal sealed class WorkerSignal
{
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _parked;

    /// <summary>
    /// For the worker, before its last look for work: raises the flag. Await the task if the look finds nothing;
    /// otherwise call <see cref="Unpark"/>.
    /// </summary>
    /// <returns>A task that completes when someone calls <see cref="Wake"/>.</returns>
    public Task Park()
    {
        var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _wake, wake);
        Interlocked.Exchange(ref _parked, 1);
        return wake.Task;
    }

    /// <summary>For the worker, when its last look found work after all.</summary>
    public void Unpark() => Volatile.Write(ref _parked, 0);

    /// <summary>Wakes the worker if it is parked. Cheap when it is not: one read of a flag the worker rarely writes.</summary>
    public void Wake()
    {
        if (Volatile.Read(ref _parked) != 0 && Interlocked.Exchange(ref _parked, 0) != 0)
        {
            Volatile.Read(ref _wake).TrySetResult();
        }
    }
}
