namespace EventTracking;

/// <summary>The intake side of the node: what <c>Send</c> does when the queue is full or closed (wait, drop newest, evict oldest) and waking the worker.</summary>
public sealed partial class AsyncRoutingBackend
{
    private void SendSlow(TrackingEvent evt)
    {
        if (Volatile.Read(ref _shutdown) is null)
        {
            switch (_options.FullMode)
            {
                case QueueFullMode.Wait:
                    if (WaitToWrite(evt))
                    {
                        return;
                    }

                    if (Volatile.Read(ref _shutdown) is null)
                    {
                        CountDropped(DropReasons.WaitTimeout, null, 1);
                        return;
                    }

                    break;
                case QueueFullMode.DropNewest:
                    CountDropped(DropReasons.QueueFull, null, 1);
                    return;
                case QueueFullMode.DropOldest:
                    if (AddEvictingOldest(evt))
                    {
                        return;
                    }

                    break;
            }
        }

        // The intake refuses writes for good once shutdown has begun (DropOldest refuses nothing else).
        CountDropped(DropReasons.Disposed, null, 1);
    }

    /// <summary>Blocks the emitting thread until the event fits, the node shuts down or <see cref="AsyncRoutingOptions.WaitTimeout"/> passes.</summary>
    /// <returns>Whether the event was accepted.</returns>
    private bool WaitToWrite(TrackingEvent evt)
    {
        var infinite = _options.WaitTimeout == Timeout.InfiniteTimeSpan;
        var deadline = Environment.TickCount64 + (long)_options.WaitTimeout.TotalMilliseconds;
        lock (_producerGate)
        {
            // Announce before the retry: the worker reads the count after it has made room, so either this
            // TryWrite sees the room or the worker sees the waiter and pulses (see WakeBlockedProducers).
            Interlocked.Increment(ref _blockedProducers);
            try
            {
                while (!_intake.TryAdd(evt))
                {
                    var left = infinite ? ProducerRecheck.Ticks : (deadline - Environment.TickCount64) * TimeSpan.TicksPerMillisecond;
                    if (Volatile.Read(ref _shutdown) is not null || left <= 0)
                    {
                        return false;
                    }

                    Monitor.Wait(_producerGate, TimeSpan.FromTicks(Math.Min(left, ProducerRecheck.Ticks)));
                }

                _workerSignal.Wake();
                return true;
            }
            finally
            {
                Interlocked.Decrement(ref _blockedProducers);
            }
        }
    }

    private void WakeBlockedProducers()
    {
        if (Interlocked.CompareExchange(ref _blockedProducers, 0, 0) > 0)
        {
            lock (_producerGate)
            {
                Monitor.PulseAll(_producerGate);
            }
        }
    }

    /// <summary>Evicts the oldest events (each counted as <c>queue_full</c>) until this one fits.</summary>
    /// <returns>Whether the event was accepted; false once the intake is closed.</returns>
    private bool AddEvictingOldest(TrackingEvent evt)
    {
        var spinner = default(SpinWait);
        while (!_intake.TryAdd(evt))
        {
            if (_intake.IsClosed)
            {
                return false;
            }

            if (_intake.TryTakeOne(out _))
            {
                CountDropped(DropReasons.QueueFull, null, 1);
            }
            else
            {
                spinner.SpinOnce(sleep1Threshold: -1); // the oldest is still being written by its producer
            }
        }

        _workerSignal.Wake();
        return true;
    }

    /// <summary>Wakes the worker for a flush request, an acknowledged delivery or a shutdown step.</summary>
    private void WakeWorker()
    {
        // Orders the caller's plain writes (a flag, a request) before the read of the parked flag.
        Interlocked.MemoryBarrier();
        _workerSignal.Wake();
    }
}
