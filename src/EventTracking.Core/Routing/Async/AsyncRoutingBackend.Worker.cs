using Microsoft.Extensions.Logging;

namespace EventTracking;

/// <summary>The worker: takes events from the intake, runs the processors, hands them to the children's lanes and answers flush requests.</summary>
public sealed partial class AsyncRoutingBackend
{
    private async Task FlushCoreAsync(CancellationToken cancellationToken)
    {
        var request = new FlushRequest();
        _flushRequests.Enqueue(request);
        WakeWorker();

        // Once shutdown has begun the worker may have handled its last request; shutdown settles everything anyway.
        var shutdown = Volatile.Read(ref _shutdown);
        var done = shutdown is null ? request.Completed.Task : Task.WhenAny(request.Completed.Task, shutdown.Task);
        await done.WaitAsync(cancellationToken).ConfigureAwait(false);
        await AsyncTree.FlushBelowAsync(this, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunWorkerAsync()
    {
        var chunk = new TrackingEvent[_options.MaxBatchSize];
        var spinner = default(SpinWait);
        while (!_deadlinePassed)
        {
            try
            {
                HandleAcknowledged();
                var count = ReadChunk(chunk, chunk.Length, out var read);
                if (read > 0)
                {
                    spinner.Reset();
                    await DispatchAsync(chunk, count).ConfigureAwait(false);
                    await HandleFlushRequestsAsync(chunk).ConfigureAwait(false);
                    continue;
                }

                if (!_flushRequests.IsEmpty || !_acknowledged.IsEmpty)
                {
                    await HandleFlushRequestsAsync(chunk).ConfigureAwait(false);
                    continue;
                }

                if (!_intake.IsEmpty)
                {
                    spinner.SpinOnce(sleep1Threshold: -1); // a producer has claimed a slot and is writing its event
                    continue;
                }

                if (_intake.IsClosed)
                {
                    break;
                }

                // Raise the parked flag, then look once more: a producer that added after our look sees the flag.
                var wake = _workerSignal.Park();
                if (!_intake.IsEmpty || _intake.IsClosed || _deadlinePassed || !_flushRequests.IsEmpty || !_acknowledged.IsEmpty)
                {
                    _workerSignal.Unpark();
                    continue;
                }

                await wake.ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.WorkerFaulted(Logger, ex, Name);
            }
        }

        try
        {
            if (_deadlinePassed)
            {
                // The intake is closed, so its tail is final; a producer still writing its event finishes soon.
                long leftovers = 0;
                while (!_intake.IsEmpty)
                {
                    var taken = _intake.TryTake(chunk);
                    leftovers += taken;
                    if (taken == 0)
                    {
                        spinner.SpinOnce(sleep1Threshold: -1);
                    }
                }

                Array.Clear(chunk);

                if (leftovers > 0)
                {
                    CountDropped(DropReasons.ShutdownTimeout, null, leftovers);
                }
            }

            await HandleFlushRequestsAsync(chunk).ConfigureAwait(false);
            HandleAcknowledged();
            CommitDurable();
        }
        catch (Exception ex)
        {
            Log.WorkerFaulted(Logger, ex, Name);
        }

        foreach (var lane in SyncLanes())
        {
            lane.Complete();
        }
    }

    /// <summary>Takes up to <paramref name="max"/> events from the intake and runs the processors over them.</summary>
    /// <returns>How many processed events are in <paramref name="chunk"/>; <paramref name="read"/> says how many were taken.</returns>
    private int ReadChunk(TrackingEvent[] chunk, int max, out int read)
    {
        read = _intake.TryTake(chunk.AsSpan(0, Math.Min(max, chunk.Length)));
        var count = 0;
        for (var i = 0; i < read; i++)
        {
            // Processed events are compacted in place at the front; the rest of the taken range is cleared below.
            var processed = Process(chunk[i]);
            if (processed is not null)
            {
                chunk[count++] = processed;
            }
        }

        if (count < read)
        {
            Array.Clear(chunk, count, read - count);
        }

        if (read > 0 && _options.FullMode == QueueFullMode.Wait)
        {
            WakeBlockedProducers();
        }

        return count;
    }

    /// <summary>Hands processed events to every lane in name order; in Wait mode waits for room in a full lane.</summary>
    private async ValueTask DispatchAsync(TrackingEvent[] chunk, int count)
    {
        if (_log is not null)
        {
            AppendDurable(chunk, count);
            return;
        }

        if (count == 0)
        {
            return;
        }

        foreach (var lane in SyncLanes())
        {
            var offset = 0;
            var memoryLane = (DeliveryLane)lane;
            while ((offset += memoryLane.Enqueue(chunk.AsSpan(offset, count - offset))) < count)
            {
                await memoryLane.WaitForSpaceAsync().ConfigureAwait(false);
            }
        }

        Array.Clear(chunk, 0, count);
    }

    /// <summary>
    /// Every event accepted before a pending request is, by now, either dispatched or still in the intake below its
    /// current tail: the request was enqueued after those adds. Dispatch up to that tail (waiting out a producer still
    /// writing its event), then wait for each lane to settle up to what it has been given.
    /// </summary>
    private async ValueTask HandleFlushRequestsAsync(TrackingEvent[] chunk)
    {
        if (_flushRequests.IsEmpty)
        {
            return;
        }

        var requests = new List<FlushRequest>();
        while (_flushRequests.TryDequeue(out var request))
        {
            requests.Add(request);
        }

        // Every event sent before these requests has a position below the tail now (evictions only move the head on).
        var target = _intake.Tail;
        var spinner = default(SpinWait);
        for (long left; (left = target - _intake.Head) > 0 && !_deadlinePassed;)
        {
            var count = ReadChunk(chunk, (int)Math.Min(left, chunk.Length), out var read);
            if (read == 0)
            {
                spinner.SpinOnce(sleep1Threshold: -1); // the event at the head is still being written
                continue;
            }

            await DispatchAsync(chunk, count).ConfigureAwait(false);
        }

        HandleAcknowledged();
        CommitDurable();
        foreach (var request in requests)
        {
            request.Dispatched.TrySetResult();
        }

        requests.RemoveAll(r => r.DispatchOnly);
        if (requests.Count == 0)
        {
            return;
        }

        var settled = Task.WhenAll(Array.ConvertAll(SyncLanes(), l => l.WhenSettledAsync()));

        _ = settled.ContinueWith(
            static (_, state) =>
            {
                foreach (var request in (List<FlushRequest>)state!)
                {
                    request.Completed.TrySetResult();
                }
            },
            requests,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Gives every registered child a lane, keeping existing lanes; returns the lanes in name order.</summary>
    private IChildLane[] SyncLanes()
    {
        var backends = Backends;
        var lanes = Volatile.Read(ref _lanes);
        if (ReferenceEquals(backends, Volatile.Read(ref _lanesSource)))
        {
            return lanes;
        }

        lock (_lanesGate)
        {
            backends = Backends;
            if (ReferenceEquals(backends, _lanesSource))
            {
                return _lanes;
            }

            var existing = _lanes.ToDictionary(l => l.Name, StringComparer.Ordinal);
            lanes = backends
                .Select(b => existing.GetValueOrDefault(b.Key) ?? CreateLane(b.Key, b.Value))
                .ToArray();
            Volatile.Write(ref _lanes, lanes);
            Volatile.Write(ref _lanesSource, backends);
            return lanes;
        }
    }
}
