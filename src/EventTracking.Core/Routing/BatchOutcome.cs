namespace EventTracking;

/// <summary>
/// Lets a batch backend tell the <see cref="AsyncRoutingBackend"/> that called it that some events of the batch were
/// refused for good (and counted dropped by the backend itself) although the call returned normally, so the node counts
/// only the rest as delivered: no event is ever counted both delivered and dropped.
/// </summary>
/// <remarks>
/// The report reaches the node through the call's execution context; outside a node's delivery it is ignored, so a
/// backend may call it unconditionally.
/// </remarks>
public static class BatchOutcome
{
    private static readonly AsyncLocal<BatchOutcomeReport?> Current = new();

    /// <summary>
    /// Whether the calling code runs inside an <see cref="AsyncRoutingBackend"/>'s delivery of a batch, which takes the
    /// reports made here into its accounting. A backend that would throw for events it refused for good should return
    /// normally there instead: the node would take the exception for a failure and send the same batch again.
    /// </summary>
    public static bool IsObserved => Current.Value is not null;

    /// <summary>Reports that <paramref name="count"/> events of the batch being delivered were refused for good.</summary>
    /// <param name="count">How many; not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static void ReportRejected(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (Current.Value is { } report)
        {
            report.Add(count);
        }
    }

    /// <summary>
    /// Reports that the destination asked for a pause (<c>Retry-After</c>) before the failed batch is tried again; the
    /// node waits at least that long before its next attempt.
    /// </summary>
    /// <param name="wait">The pause the destination asked for.</param>
    public static void ReportRetryAfter(TimeSpan wait)
    {
        if (Current.Value is { } report && wait > TimeSpan.Zero)
        {
            report.RetryAfter = wait;
        }
    }

    /// <summary>Starts collecting the reports of one delivery, made in the calling execution context from here on.</summary>
    internal static BatchOutcomeReport Begin()
    {
        var report = new BatchOutcomeReport();
        Current.Value = report;
        return report;
    }
}
