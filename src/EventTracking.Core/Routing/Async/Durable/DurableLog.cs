using System.Text.Json;

namespace EventTracking;

/// <summary>
/// The on-disk log behind a durable <see cref="AsyncRoutingBackend"/>: segment files of checksummed records, written by
/// the node's worker in group commits (write, then fsync), read by each child's lane from its own position.
/// </summary>
/// <remarks>
/// One writer (the worker) calls <see cref="Append"/> and <see cref="Commit"/>; any number of lanes read concurrently.
/// Readers never look past the committed end, so they never see a torn or unsynced record from this process.
/// </remarks>
internal sealed partial class DurableLog : IDisposable
{
    /// <summary>The file that keeps the sequence number below which <see cref="BufferFullPolicy.DropOldest"/> deleted records.</summary>
    private const string EvictionsFile = "evicted.mark";

    /// <summary>
    /// The file that keeps the end (the next sequence number) of the last group the writer began to write: every record
    /// below it was committed or was in the group being written, so a lost tail, a torn group included, is counted exactly.
    /// </summary>
    private const string CommittedFile = "committed.mark";

    private readonly FileStream _lockFile;
    private readonly BufferFiles _files;
    private readonly PositionStore _positions;
    private readonly LogMark _evictions;
    private readonly LogMark _committedMark;
    private readonly Lock _gate = new();
    private readonly List<Segment> _segments = [];
    private readonly GroupBuffer _group = new();
    private readonly Utf8JsonWriter _json;
    private readonly List<(TrackingEvent Event, int End)> _pending = [];
    private readonly RecentRecords _recent;
    private readonly Dictionary<string, long> _children;
    private readonly HashSet<string> _registered = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _forgotten = new(StringComparer.Ordinal);
    private readonly long _groupLimit;

    private FileStream? _active;
    private Segment? _activeSegment;
    private long _nextSeq;
    private long _committed;
    private long _committedBytes;
    private long _evictedBelow;
    private TaskCompletionSource _commitSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _disposed;
    private bool _markAhead;

    private DurableLog(DurableBufferOptions options, int recentCapacity, Action<string, string>? report)
    {
        Options = options;
        _files = new BufferFiles(options, report);
        try
        {
            SecureFiles.CreateFolder(options.Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"AsyncRoutingOptions.Buffer.Path: the durable buffer folder '{options.Path}' cannot be created or used: {ex.Message}", ex);
        }

        try
        {
            _lockFile = SecureFiles.Open(System.IO.Path.Combine(options.Path, "lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new IOException($"AsyncRoutingOptions.Buffer.Path: the durable buffer folder '{options.Path}' cannot be written: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new IOException($"AsyncRoutingOptions.Buffer.Path: the durable buffer folder '{options.Path}' is in use by another async routing node or process.", ex);
        }

        try
        {
            _positions = new PositionStore(options.Path);
            _children = _positions.Load(_files);
            _evictions = LogMark.Open(options.Path, EvictionsFile, 0, _files);
            _evictedBelow = _evictions.Found ?? 0;
            _committedMark = LogMark.Open(options.Path, CommittedFile, 0, _files);
        }
        catch
        {
            _positions?.Dispose();
            _evictions?.Dispose();
            _lockFile.Dispose();
            throw;
        }

        _recent = new RecentRecords(recentCapacity);
        _json = new Utf8JsonWriter(_group, EventJson.WriterOptions);
        _groupLimit = Math.Clamp(options.MaxBytes / 4, 64 * 1024, 8L << 20);
    }

    public DurableBufferOptions Options { get; }

    /// <summary>
    /// How many records the torn or damaged bytes at the end of the newest segment held when the log was opened (the
    /// bytes are cut off). They are not counted here: the sequence continues after them (and after the committed mark),
    /// so each child counts them, with any other record missing at the end, as a gap (<c>corrupt</c>).
    /// </summary>
    public long TornTail { get; private set; }

    /// <summary>Every record with a lower sequence number is committed (on disk, fsynced).</summary>
    public long Committed
    {
        get
        {
            lock (_gate)
            {
                return _committed;
            }
        }
    }

    /// <summary>How many events wait for the next commit.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>Whether the waiting group is large enough to commit now, whatever the interval.</summary>
    public bool GroupFull => _group.Length >= _groupLimit;

    /// <summary>The bytes the segment files hold now.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _committedBytes;
            }
        }
    }

    /// <summary>Completes at the next commit (or when the log is disposed).</summary>
    public Task CommitSignal
    {
        get
        {
            lock (_gate)
            {
                return _commitSignal.Task;
            }
        }
    }

    /// <summary>Opens (or creates) the log in <see cref="DurableBufferOptions.Path"/>, recovering what a previous process left.</summary>
    /// <param name="options">Validated options.</param>
    /// <param name="recentCapacity">How many committed events to keep as objects for children that keep up.</param>
    /// <param name="report">Logs a file of the buffer that cannot be read (its sanitized name, and the sanitized reason); once per file.</param>
    /// <exception cref="IOException">
    /// The folder cannot be used, another node holds it, or the process may not read or write one of its files (the
    /// message names the path).
    /// </exception>
    public static DurableLog Open(DurableBufferOptions options, int recentCapacity, Action<string, string>? report = null)
    {
        var log = new DurableLog(options, recentCapacity, report);
        try
        {
            log.Recover();
            return log;
        }
        catch
        {
            log.Dispose();
            throw;
        }
    }

    /// <summary>Serializes an event into the waiting group.</summary>
    /// <param name="evt">The event.</param>
    /// <param name="evicted">For <see cref="BufferFullPolicy.DropOldest"/>: whether older segments were deleted to make room.</param>
    /// <returns>
    /// Whether the event was taken; <see langword="false"/> when the buffer is full and the policy refuses it, or when the
    /// event alone is larger than a record may be (<see cref="RecordFormat.MaxPayload"/>) or than <see cref="DurableBufferOptions.MaxBytes"/>.
    /// </returns>
    public bool Append(TrackingEvent evt, out bool evicted)
    {
        evicted = false;
        var start = _group.Length;
        _group.GetSpan(RecordFormat.HeaderSize);
        _group.Advance(RecordFormat.HeaderSize);
        _json.Reset(_group);
        EventJson.Write(_json, evt);
        _json.Flush();
        var size = _group.Length - start;
        if (size - RecordFormat.HeaderSize > RecordFormat.MaxPayload || size > Options.MaxBytes)
        {
            // Larger than a record may be, or than the whole buffer: refused alone, before it can evict anything.
            _group.Truncate(start);
            return false;
        }

        if (!HasRoom(ref evicted))
        {
            _group.Truncate(start);
            return false;
        }

        RecordFormat.Seal(_group.Written[start..], _nextSeq + _pending.Count);
        _pending.Add((evt, _group.Length));
        return true;
    }

    /// <summary>Writes the waiting group to the current segment and fsyncs it.</summary>
    /// <returns>How many events were committed, or the failure (the group is then discarded, and the next commit starts afresh).</returns>
    public (int Committed, int Failed, Exception? Error) Commit()
    {
        var count = _pending.Count;
        if (count == 0)
        {
            return (0, 0, null);
        }

        long segmentStart = 0;
        try
        {
            EnsureActive();
            segmentStart = _activeSegment!.Length;

            // Before the write: a process killed while writing leaves a group cut anywhere, even before its first
            // record's header; the mark says how many records the group held, so the next start counts each one lost.
            // Not fsynced (a power loss may leave it older: then only the records whose headers reached the disk count).
            if (_committedMark.TrySave(_nextSeq + count))
            {
                _markAhead = false;
            }

            CrashPoints.Reach("mark-saved");
            if (Options.WriteFault?.Invoke() is { } fault)
            {
                throw fault;
            }

            _active!.Write(_group.Written);
            CrashPoints.Reach("group-written");
            _active.Flush(flushToDisk: true);
            CrashPoints.Reach("group-synced");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Discard(segmentStart);
            return (0, count, ex);
        }

        TaskCompletionSource signal;
        lock (_gate)
        {
            var segment = _activeSegment!;
            for (var i = 0; i < count; i++)
            {
                _recent.Add(_nextSeq + i, _pending[i].Event, segment.Id, segmentStart + _pending[i].End);
            }

            segment.Length += _group.Length;
            _committedBytes += _group.Length;
            _nextSeq += count;
            _committed = _nextSeq;
            (signal, _commitSignal) = (_commitSignal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            if (segment.Length >= Options.SegmentBytes)
            {
                SealActive();
                CrashPoints.Reach("segment-sealed");
            }
        }

        _pending.Clear();
        _group.Truncate(0);
        signal.TrySetResult();
        return (count, 0, null);
    }

    public void Dispose()
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            signal = _commitSignal;
            SealActive();
        }

        if (_markAhead)
        {
            _committedMark.TrySave(_nextSeq);
        }

        _json.Dispose();
        _positions.Dispose();
        _evictions.Dispose();
        _committedMark.Dispose();
        _lockFile.Dispose();
        signal.TrySetResult();
    }
}
