using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EventTracking;

/// <summary>
/// A routing node that delivers in the background: <see cref="Send"/> only puts the event in a bounded queue, and a
/// worker runs this node's processors and hands the result to each child in batches. It may sit anywhere in the
/// routing tree, under any number of trackers.
/// </summary>
/// <remarks>
/// <para>
/// Each child has its own delivery lane (a queue of up to <see cref="AsyncRoutingOptions.Capacity"/> events and a loop
/// that batches and retries), so a failing or slow child does not hold up its siblings. Children that implement
/// <see cref="IBatchEventBackend"/> get whole batches; others get <see cref="IEventBackend.Send"/> per event, and an
/// event whose <c>Send</c> throws is retried on its own. Failed attempts are retried with exponential backoff and
/// jitter up to <see cref="AsyncRoutingOptions.MaxRetries"/> times.
/// </para>
/// <para>
/// Every accepted event is accounted for, once per child: delivered (<c>eventtracking.events.delivered</c>), or
/// dropped (<c>eventtracking.events.dropped</c>) with reason <c>queue_full</c>, <c>retries_exhausted</c> or
/// <c>shutdown_timeout</c>. An event refused at the intake (full, or sent after disposal: reason <c>disposed</c>) is
/// counted once, without a <c>backend</c> tag. Drops are also logged, at most one warning per node every ten seconds.
/// </para>
/// <para>
/// With <see cref="AsyncRoutingOptions.Buffer"/> the node is durable: the worker writes accepted events to a local log by
/// group commit (fsync), each child is fed from the log at its own persisted position, and what a child has not taken
/// survives a restart or a crash; see <see cref="DurableBufferOptions"/> and <c>docs/durability.md</c>. Such a node also
/// counts <c>buffer_full</c> and <c>corrupt</c>.
/// </para>
/// <para>
/// Processors run on the worker, one event at a time, and must not block. The event's context is the one captured
/// when it was emitted. Children registered after construction get a lane the next time the worker takes events.
/// </para>
/// </remarks>
public sealed partial class AsyncRoutingBackend : RoutingBackend, IAsyncDisposable
{
    private static readonly TimeSpan DropReportInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ProducerRecheck = TimeSpan.FromMilliseconds(100);

    private readonly AsyncRoutingOptions _options;
    private readonly IntakeQueue<TrackingEvent> _intake;
    private readonly WorkerSignal _workerSignal = new();
    private readonly object _producerGate = new();
    private readonly Lock _lanesGate = new();
    private readonly Lock _shutdownGate = new();
    private readonly ConcurrentQueue<FlushRequest> _flushRequests = new();
    private readonly CancellationTokenSource _deadline = new();
    private readonly DropReporter _drops;
    private readonly Task _worker;

    private IChildLane[] _lanes = [];
    private IReadOnlyDictionary<string, IEventBackend>? _lanesSource;
    private TaskCompletionSource? _shutdown;
    private int _blockedProducers;
    private volatile bool _deadlinePassed;
    private long _undelivered;

    /// <summary>Creates a node and starts its worker.</summary>
    /// <param name="backends">Named children; names must be unique. A dictionary works.</param>
    /// <param name="processors">The processor chain, run on the worker in this order.</param>
    /// <param name="options">Queue, batching, retry and shutdown settings; defaults when null.</param>
    /// <param name="logger">Where faults and drops are logged; a <see cref="Tracker"/> supplies its own when this is null.</param>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public AsyncRoutingBackend(
        IEnumerable<KeyValuePair<string, IEventBackend>>? backends = null,
        IEnumerable<IEventProcessor>? processors = null,
        AsyncRoutingOptions? options = null,
        ILogger? logger = null)
        : base(backends, processors, logger)
    {
        _options = (options ?? new AsyncRoutingOptions()).Validate();
        _intake = new IntakeQueue<TrackingEvent>(_options.Capacity);
        _drops = new DropReporter(this, _options.TimeProvider, DropReportInterval);
        _log = OpenBuffer();
        SyncLanes();
        Instruments.Nodes.Add(this);

        // The worker must not inherit the constructing thread's AsyncLocals (a tracker's context, for one).
        using (ExecutionContext.SuppressFlow())
        {
            _worker = Task.Run(RunWorkerAsync);
        }
    }

    /// <summary>The node's name, from <see cref="AsyncRoutingOptions.Name"/>.</summary>
    public string Name => _options.Name;

    /// <summary>How many events the intake queue, and each child's lane, may hold.</summary>
    public int Capacity => _options.Capacity;

    /// <summary>Events waiting in this node now: in the intake queue and in its children's lanes, not counting batches in flight.</summary>
    public int QueueDepth
    {
        get
        {
            var depth = _intake.Count;
            foreach (var lane in Volatile.Read(ref _lanes))
            {
                depth += lane.Count;
            }

            return depth;
        }
    }

    /// <summary>
    /// How many deliveries <see cref="DisposeAsync"/> gave up on at the <see cref="AsyncRoutingOptions.ShutdownTimeout"/>
    /// (reason <c>shutdown_timeout</c>): an event still in the intake queue counts once, an event a child did not get
    /// counts once for that child. Final once <see cref="DisposeAsync"/> has completed; 0 when everything was delivered.
    /// </summary>
    public long Undelivered => Interlocked.Read(ref _undelivered);

    internal ILogger NodeLogger => Logger;

    internal CancellationToken DeadlineToken => _deadline.Token;

    /// <summary>The state of each child's lane, in name order.</summary>
    /// <returns>One entry per child that has a lane.</returns>
    public IReadOnlyList<AsyncChildStatus> GetChildStatus() => Array.ConvertAll(Volatile.Read(ref _lanes), l => l.Status());

    /// <summary>
    /// Accepts an event for background delivery. Takes tens of nanoseconds and never waits for processors or children,
    /// except in <see cref="QueueFullMode.Wait"/> mode, where a full intake queue blocks the emitting thread until
    /// the worker makes room, for at most <see cref="AsyncRoutingOptions.WaitTimeout"/> (then the event is dropped as
    /// <c>wait_timeout</c>): that mode applies backpressure to the application.
    /// </summary>
    /// <param name="evt">The event.</param>
    /// <remarks>Never throws for a full queue or after disposal; such an event is counted as dropped and logged.</remarks>
    public override void Send(TrackingEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        if (_intake.TryAdd(evt))
        {
            // The add's compare-and-swap orders it before this read of the worker's parked flag.
            _workerSignal.Wake();
            return;
        }

        SendSlow(evt);
    }

    /// <summary>
    /// Acknowledged delivery straight to the children, bypassing the queue, the lanes and their retries: runs this
    /// node's processors, then delivers as <see cref="RoutingBackend.DeliverAsync"/> does. The events may overtake
    /// events queued earlier by <see cref="Send"/>.
    /// </summary>
    /// <param name="events">The events, in order.</param>
    /// <param name="cancellationToken">Stops waiting for the children.</param>
    /// <returns>A task that completes once every backend the events are routed to has taken them.</returns>
    /// <exception cref="EventDeliveryException">A child did not take the events.</exception>
    /// <exception cref="ObjectDisposedException">The node has begun shutting down; its children may be closed.</exception>
    public override ValueTask DeliverAsync(IReadOnlyList<TrackingEvent> events, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _shutdown) is not null)
        {
            return ValueTask.FromException(new ObjectDisposedException(GetType().Name, $"Async routing node '{Name}' is shutting down and accepts no more events."));
        }

        return _log is null ? base.DeliverAsync(events, cancellationToken) : new ValueTask(DeliverDurableAsync(events, cancellationToken));
    }

    /// <summary>
    /// Completes once every event accepted before the call has been delivered to every child or has definitively
    /// failed, then flushes the async nodes beneath this one the same way.
    /// </summary>
    /// <param name="cancellationToken">Stops the wait (not the delivery); a stalled child can make a flush wait for ever.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => new(FlushCoreAsync(cancellationToken));

    /// <summary>
    /// Stops intake, delivers what was accepted within <see cref="AsyncRoutingOptions.ShutdownTimeout"/>, then cancels the
    /// children's token and counts the rest as <c>shutdown_timeout</c> (see <see cref="Undelivered"/>), logging a warning.
    /// </summary>
    /// <remarks>
    /// The first call does the work; later calls complete with it. Never throws. Disposes only this node: a
    /// <see cref="Tracker"/>'s <see cref="Tracker.DisposeAsync"/> disposes every async node of its tree, outer ones first.
    /// Events sent afterwards are counted as dropped with reason <c>disposed</c>.
    /// </remarks>
    /// <returns>A task that completes when the shutdown has finished.</returns>
    public ValueTask DisposeAsync()
    {
        TaskCompletionSource shutdown;
        var first = false;
        lock (_shutdownGate)
        {
            if (_shutdown is null)
            {
                _shutdown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                first = true;
            }

            shutdown = _shutdown;
        }

        if (first)
        {
            _ = ShutdownAsync(shutdown);
        }

        return new ValueTask(shutdown.Task);
    }

    /// <summary>For tests: completes once every event accepted before the call has been processed and put in the lanes.</summary>
    internal Task WhenDispatchedAsync()
    {
        var request = new FlushRequest(dispatchOnly: true);
        _flushRequests.Enqueue(request);
        WakeWorker();
        return request.Dispatched.Task;
    }

    internal void CountDropped(string reason, string? backend, long count)
    {
        Instruments.CountDropped(reason, Name, backend, count);
        if (reason == DropReasons.ShutdownTimeout)
        {
            Interlocked.Add(ref _undelivered, count);
        }

        _drops.Add(reason, count);
    }

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

    private async Task ShutdownAsync(TaskCompletionSource shutdown)
    {
        try
        {
            _intake.Close();
            WakeBlockedProducers();
            WakeWorker();
            if (!await DrainAsync().ConfigureAwait(false))
            {
                lock (_lanesGate)
                {
                    _deadlinePassed = true;
                }

                foreach (var lane in SyncLanes())
                {
                    lane.Abandon();
                }

                await _deadline.CancelAsync().ConfigureAwait(false);
                WakeWorker();

                // The worker's waits all end on abandonment; it counts what is left in the intake, then stops.
                await _worker.ConfigureAwait(false);
                Log.ShutdownIncomplete(Logger, Name, Undelivered, _options.ShutdownTimeout);
            }

            _drops.Report();
        }
        catch (Exception ex)
        {
            Log.WorkerFaulted(Logger, ex, Name);
        }
        finally
        {
            CloseBuffer();
            Instruments.Nodes.Remove(this);
            shutdown.TrySetResult();
        }
    }

    /// <summary>Waits for the worker and then every lane to finish, within the shutdown timeout.</summary>
    /// <returns>Whether everything finished in time.</returns>
    private async Task<bool> DrainAsync()
    {
        var drained = DrainCoreAsync();
        using var timeout = new CancellationTokenSource();
        var expired = Task.Delay(_options.ShutdownTimeout, _options.TimeProvider, timeout.Token);
        var first = await Task.WhenAny(drained, expired).ConfigureAwait(false);
        await timeout.CancelAsync().ConfigureAwait(false);
        return first == drained;

        async Task DrainCoreAsync()
        {
            await _worker.ConfigureAwait(false);
            await Task.WhenAll(Array.ConvertAll(SyncLanes(), l => l.Completion)).ConfigureAwait(false);
        }
    }
}
