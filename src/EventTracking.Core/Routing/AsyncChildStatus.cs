namespace EventTracking;

/// <summary>A snapshot of one child's delivery lane under an <see cref="AsyncRoutingBackend"/>, for health checks.</summary>
/// <param name="Name">The child's name.</param>
/// <param name="QueueDepth">Events waiting in the lane, not counting a batch being delivered.</param>
/// <param name="ConsecutiveFailures">Failed delivery attempts since the last success; 0 when the child is healthy.</param>
/// <param name="LastFailure">The exception of the most recent failed attempt, if any attempt ever failed.</param>
/// <param name="LastFailureAt">When the most recent attempt failed, by the node's clock.</param>
public sealed record AsyncChildStatus(
    string Name,
    int QueueDepth,
    int ConsecutiveFailures,
    Exception? LastFailure,
    DateTimeOffset? LastFailureAt);
