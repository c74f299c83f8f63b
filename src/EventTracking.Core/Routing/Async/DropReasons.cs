namespace EventTracking;

/// <summary>The <c>reason</c> tags an async routing node counts drops under.</summary>
internal static class DropReasons
{
    /// <summary>The intake queue or a child's lane was full (or evicted the event, in <see cref="QueueFullMode.DropOldest"/>).</summary>
    public const string QueueFull = "queue_full";

    /// <summary>A child failed the event's batch on every attempt.</summary>
    public const string RetriesExhausted = "retries_exhausted";

    /// <summary>The event was accepted but not delivered before the shutdown timeout.</summary>
    public const string ShutdownTimeout = "shutdown_timeout";

    /// <summary>The event was sent after the node was disposed, so it was never accepted.</summary>
    public const string Disposed = "disposed";
}
