using System.Collections.Concurrent;

namespace EventTracking;

/// <summary>The durable buffer's part of the node: the worker appends to the log and commits in groups.</summary>
public sealed partial class AsyncRoutingBackend
{
    private readonly DurableLog? _log;
    private readonly ConcurrentQueue<DurableAppend> _acknowledged = new();
    private long _groupStarted;

    /// <summary>Whether this node keeps what it accepts in a durable buffer (<see cref="AsyncRoutingOptions.Buffer"/>).</summary>
    public bool IsDurable => _log is not null;

    /// <summary>The bytes the durable buffer's segment files hold now; 0 for a node without one.</summary>
    public long BufferedBytes => _log?.Bytes ?? 0;

    private DurableLog? OpenBuffer()
    {
        if (_options.Buffer is null)
        {
            return null;
        }

        var log = DurableLog.Open(_options.Buffer, _options.Capacity, (file, reason) => DurableBufferLog.FileUnreadable(Logger, Name, file, reason));
        if (log.TornTail > 0)
        {
            // Counted by each child's lane (a gap in the sequence), with any other record missing at the end.
            DurableBufferLog.TornTail(Logger, Name, log.TornTail);
        }

        return log;
    }

    private IChildLane CreateLane(string name, IEventBackend backend) => _log is null
        ? new DeliveryLane(this, _options, name, backend, _deadlinePassed)
        : new DurableLane(this, _options, _log, name, backend);

    /// <summary>Acknowledged delivery into a durable node: completes once the events are on disk, not once the children have them.</summary>
    private async Task DeliverDurableAsync(IReadOnlyList<TrackingEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var processed = new List<TrackingEvent>(events.Count);
        foreach (var evt in events)
        {
            if (Process(evt ?? throw new ArgumentException("An event in the list is null.", nameof(events))) is { } kept)
            {
                processed.Add(kept);
            }
        }

        if (processed.Count == 0)
        {
            return;
        }

        var append = new DurableAppend(processed);
        _acknowledged.Enqueue(append);
        WakeWorker();
        if (Volatile.Read(ref _shutdown) is not null)
        {
            // The worker may already have taken its last look: settle what it left.
            FailAcknowledged();
        }

        await append.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>On the worker: appends the processed events of a chunk, and commits when the group is due.</summary>
    private void AppendDurable(TrackingEvent[] chunk, int count)
    {
        var log = _log!;
        if (log.PendingCount == 0)
        {
            _groupStarted = _options.TimeProvider.GetTimestamp();
        }

        var refused = 0;
        for (var i = 0; i < count; i++)
        {
            if (!log.Append(chunk[i], out _))
            {
                refused++;
            }
        }

        Array.Clear(chunk, 0, count);
        if (refused > 0)
        {
            CountDropped(DropReasons.BufferFull, null, refused);
        }

        // Commit at once when nothing else waits (latency), else when the group is large or old enough (throughput).
        if (log.PendingCount > 0
            && (_intake.IsEmpty || log.GroupFull || _options.TimeProvider.GetElapsedTime(_groupStarted) >= _options.Buffer!.CommitInterval))
        {
            CommitDurable();
        }
    }

    /// <summary>On the worker: writes and fsyncs the waiting group.</summary>
    /// <returns>Whether everything appended so far is on disk.</returns>
    private bool CommitDurable()
    {
        if (_log is null)
        {
            return true;
        }

        var (_, failed, error) = _log.Commit();
        if (failed == 0)
        {
            return true;
        }

        CountDropped(DropReasons.BufferFull, null, failed);
        DurableBufferLog.WriteFailed(Logger, error!, Name, failed);
        return false;
    }

    /// <summary>On the worker: appends and commits what acknowledged delivery handed in, then answers each caller.</summary>
    private void HandleAcknowledged()
    {
        if (_log is null || _acknowledged.IsEmpty)
        {
            return;
        }

        var taken = new List<(DurableAppend Append, int Refused)>();
        while (_acknowledged.TryDequeue(out var append))
        {
            var refused = 0;
            foreach (var evt in append.Events)
            {
                if (!_log.Append(evt, out _))
                {
                    refused++;
                }
            }

            taken.Add((append, refused));
        }

        var committed = CommitDurable();
        foreach (var (append, refused) in taken)
        {
            if (committed && refused == 0)
            {
                append.Done.TrySetResult();
                continue;
            }

            if (refused > 0)
            {
                CountDropped(DropReasons.BufferFull, null, refused);
            }

            var reason = committed
                ? $"the durable buffer of async routing node '{Name}' refused {refused} of {append.Events.Count} event(s): it is full, or an event is larger than the buffer or a record (16 MiB) can hold"
                : $"the durable buffer of async routing node '{Name}' could not write to disk";
            append.Done.TrySetException(new EventDeliveryException([new(Name, new IOException(reason))]));
        }
    }

    private void FailAcknowledged()
    {
        while (_acknowledged.TryDequeue(out var append))
        {
            append.Done.TrySetException(new ObjectDisposedException(GetType().Name, $"Async routing node '{Name}' is shutting down and accepts no more events."));
        }
    }

    private void CloseBuffer()
    {
        FailAcknowledged();
        _log?.Dispose();
    }
}
