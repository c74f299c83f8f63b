namespace EventTracking;

/// <summary>Settings of an <see cref="AsyncRoutingBackend"/>.</summary>
public sealed class AsyncRoutingOptions
{
    private const int MaxCapacity = 1 << 30;

    /// <summary>
    /// The node's name in logs and in the <c>where</c> tag of its metrics. Defaults to <c>async</c>; give each node its
    /// own name when a tree has several.
    /// </summary>
    public string Name { get; set; } = "async";

    /// <summary>
    /// How many events may wait in the node's intake queue, and, separately, in each child's lane. Defaults to 10 000.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Lanes hold references to the same events, so a node holds at most <c>2 × Capacity</c> distinct events plus one
    /// batch in flight per child, however many children it has and however long a child stalls.
    /// </para>
    /// <para>
    /// The intake is a lock-free ring allocated when the node is built: 16 bytes a slot, for the next power of two at or
    /// above <c>Capacity</c> (256 KB at the default). At most 2^30.
    /// </para>
    /// </remarks>
    public int Capacity { get; set; } = 10_000;

    /// <summary>What happens to an event that finds the intake queue or a lane full. Defaults to <see cref="QueueFullMode.DropNewest"/>.</summary>
    public QueueFullMode FullMode { get; set; } = QueueFullMode.DropNewest;

    /// <summary>
    /// In <see cref="QueueFullMode.Wait"/> mode, the longest an emitting thread waits for room in a full intake queue;
    /// past it the event is dropped and counted (reason <c>wait_timeout</c>). Defaults to 5 seconds;
    /// <see cref="Timeout.InfiniteTimeSpan"/> waits until the node shuts down.
    /// </summary>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A durable buffer for this node, or <see langword="null"/> (the default) to keep accepted events in memory only.
    /// With a buffer, accepted events are written to disk in group commits and each child is fed from there, so they
    /// survive outages, restarts and crashes; see <see cref="DurableBufferOptions"/> and <c>docs/durability.md</c>.
    /// </summary>
    public DurableBufferOptions? Buffer { get; set; }

    /// <summary>The most events handed to a child at once. Defaults to 500.</summary>
    public int MaxBatchSize { get; set; } = 500;

    /// <summary>
    /// How long a partial batch may wait for more events before it is delivered anyway. Defaults to 100 ms;
    /// <see cref="TimeSpan.Zero"/> delivers whatever is waiting at once. A flush or a shutdown cuts the wait short.
    /// </summary>
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How many times a failed batch (or, for a child without batches, a failed event) is retried. Defaults to 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// The delay before the first retry; each further retry waits twice as long, with jitter (between half and all of
    /// the doubled delay), capped at 30 seconds. Defaults to 100 ms.
    /// </summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long <see cref="AsyncRoutingBackend.DisposeAsync"/> may spend delivering what was accepted. Defaults to
    /// 10 seconds; <see cref="Timeout.InfiniteTimeSpan"/> waits for ever.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock for batch delays, retry backoff and the shutdown timeout. Tests substitute a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Returns a validated copy, so later changes to this instance do not reach a running node.</summary>
    internal AsyncRoutingOptions Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Name), nameof(Name), "must not be empty");
        Require(Capacity >= 1, nameof(Capacity), $"must be at least 1 (was {Capacity})");
        Require(Capacity <= MaxCapacity, nameof(Capacity), $"must be at most {MaxCapacity} (was {Capacity})");
        Require(Enum.IsDefined(FullMode), nameof(FullMode), $"is not a known mode (was {FullMode})");
        Require(MaxBatchSize >= 1, nameof(MaxBatchSize), $"must be at least 1 (was {MaxBatchSize})");
        Require(MaxBatchDelay >= TimeSpan.Zero, nameof(MaxBatchDelay), $"must not be negative (was {MaxBatchDelay})");
        Require(MaxRetries >= 0, nameof(MaxRetries), $"must not be negative (was {MaxRetries})");
        Require(RetryBaseDelay >= TimeSpan.Zero, nameof(RetryBaseDelay), $"must not be negative (was {RetryBaseDelay})");
        Require(
            ShutdownTimeout >= TimeSpan.Zero || ShutdownTimeout == Timeout.InfiniteTimeSpan,
            nameof(ShutdownTimeout),
            $"must not be negative, except Timeout.InfiniteTimeSpan (was {ShutdownTimeout})");
        Require(TimeProvider is not null, nameof(TimeProvider), "must not be null");
        Require(
            WaitTimeout >= TimeSpan.Zero || WaitTimeout == Timeout.InfiniteTimeSpan,
            nameof(WaitTimeout),
            $"must not be negative, except Timeout.InfiniteTimeSpan (was {WaitTimeout})");
        var copy = (AsyncRoutingOptions)MemberwiseClone();
        copy.Buffer = Buffer?.Validate($"{nameof(AsyncRoutingOptions)}.{nameof(Buffer)}");
        return copy;
    }

    private static void Require(bool condition, string option, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"AsyncRoutingOptions.{option} {problem}.", option);
        }
    }
}
