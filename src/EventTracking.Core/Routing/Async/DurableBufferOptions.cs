namespace EventTracking;

/// <summary>
/// Makes an <see cref="AsyncRoutingBackend"/> durable: the events it accepts are written to a local log (segment files in
/// <see cref="Path"/>) and each child is fed from that log, with its position persisted, so an outage of a child, a
/// restart or a crash of the process loses nothing that was committed. See <c>docs/durability.md</c>.
/// </summary>
public sealed class DurableBufferOptions
{
    /// <summary>
    /// The folder that holds the node's segment files and child positions. Required. One node per folder: a second
    /// node (or process) opening the same folder fails with an <see cref="IOException"/>. Created with mode 0700 on Unix.
    /// </summary>
    public string Path { get; set; } = "";

    /// <summary>The most bytes the segment files may hold together. Defaults to 1 GiB; at least 64 KiB.</summary>
    public long MaxBytes { get; set; } = 1L << 30;

    /// <summary>
    /// The longest an accepted event waits in memory before the group commit that writes it and calls fsync. Defaults to
    /// 50 ms. A crash (<c>kill -9</c>, power loss) can lose at most what was emitted within this interval before it
    /// (plus an fsync's duration); the worker commits sooner whenever it has nothing else waiting.
    /// </summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>What happens when the buffer is full. Defaults to <see cref="BufferFullPolicy.RefuseNew"/>.</summary>
    public BufferFullPolicy FullPolicy { get; set; } = BufferFullPolicy.RefuseNew;

    /// <summary>
    /// How long a child may keep failing one batch before the batch is dropped (reason <c>retries_exhausted</c>). Defaults
    /// to 24 hours; <see cref="Timeout.InfiniteTimeSpan"/> retries for as long as the buffer holds the data. With a durable
    /// buffer this replaces <see cref="AsyncRoutingOptions.MaxRetries"/>.
    /// </summary>
    public TimeSpan RetryTimeLimit { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The size at which the current segment file is closed and a new one begun. Defaults to 64 MiB, or an eighth of
    /// <see cref="MaxBytes"/> when that is smaller; a segment is deleted once every child has passed it.
    /// </summary>
    public long SegmentBytes { get; set; } = 64L << 20;

    /// <summary>For tests: consulted before each group write; an exception it returns is thrown as if the disk had refused the write.</summary>
    internal Func<Exception?>? WriteFault { get; set; }

    /// <summary>For tests: consulted with a file's path before the buffer opens it to read; an exception it returns is thrown as if the file could not be read.</summary>
    internal Func<string, Exception?>? ReadFault { get; set; }

    /// <summary>Returns a validated copy with an absolute <see cref="Path"/>.</summary>
    /// <param name="owner">How the messages name these options: <c>AsyncRoutingOptions.Buffer</c> when they sit on a node.</param>
    /// <exception cref="ArgumentException">An option is out of range, or <see cref="Path"/> names a file; the message names the option and the value.</exception>
    internal DurableBufferOptions Validate(string owner = nameof(DurableBufferOptions))
    {
        void Require(bool condition, string option, string problem)
        {
            if (!condition)
            {
                throw new ArgumentException($"{owner}.{option} {problem}.", option);
            }
        }

        Require(!string.IsNullOrWhiteSpace(Path), nameof(Path), "is required: the folder that holds the buffer's files");
        string full;
        try
        {
            full = System.IO.Path.GetFullPath(Path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ArgumentException($"{owner}.{nameof(Path)} is not a valid path (was '{Path}'): {ex.Message}", nameof(Path), ex);
        }

        Require(!File.Exists(full), nameof(Path), $"must be a folder, but '{full}' is a file");
        Require(MaxBytes >= 64 * 1024, nameof(MaxBytes), $"must be at least 65536 (was {MaxBytes})");
        Require(CommitInterval >= TimeSpan.Zero && CommitInterval <= TimeSpan.FromMinutes(1), nameof(CommitInterval), $"must be between 0 and 1 minute (was {CommitInterval})");
        Require(Enum.IsDefined(FullPolicy), nameof(FullPolicy), $"is not a known policy (was {FullPolicy})");
        Require(
            RetryTimeLimit > TimeSpan.Zero || RetryTimeLimit == Timeout.InfiniteTimeSpan,
            nameof(RetryTimeLimit),
            $"must be positive, or Timeout.InfiniteTimeSpan (was {RetryTimeLimit})");
        Require(SegmentBytes >= 4096, nameof(SegmentBytes), $"must be at least 4096 (was {SegmentBytes})");
        var copy = (DurableBufferOptions)MemberwiseClone();
        copy.Path = full;
        copy.SegmentBytes = Math.Min(SegmentBytes, Math.Max(4096, MaxBytes / 8));
        return copy;
    }
}
