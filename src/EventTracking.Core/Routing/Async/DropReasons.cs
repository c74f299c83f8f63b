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

    /// <summary>In <see cref="QueueFullMode.Wait"/> mode, the emitting thread waited <see cref="AsyncRoutingOptions.WaitTimeout"/> for room in vain.</summary>
    public const string WaitTimeout = "wait_timeout";

    /// <summary>The durable buffer was full (<see cref="DurableBufferOptions.MaxBytes"/>) or its disk refused the write.</summary>
    public const string BufferFull = "buffer_full";

    /// <summary>A record in the durable buffer was damaged (torn write, flipped bit) and skipped.</summary>
    public const string Corrupt = "corrupt";
}
