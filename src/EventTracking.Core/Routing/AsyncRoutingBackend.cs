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

    /// <summary>
    /// For tests: completes once every event accepted before the call has been processed and put in the lanes; for a
    /// durable node, once each such event is on disk (its group commit's fsync completed) or was counted dropped. The
    /// kill -9 test's producer (tests/EventTracking.DurabilityProducer) calls it by reflection as its commit acknowledgement.
    /// </summary>
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

    /// <summary>Moves this node's counters and its queue-depth gauge onto <paramref name="instruments"/>.</summary>
    internal override void UseInstruments(MeterInstruments instruments)
    {
        var previous = Instruments;
        if (ReferenceEquals(previous, instruments))
        {
            return;
        }

        base.UseInstruments(instruments);
        previous.Nodes.Remove(this);
        instruments.Nodes.Add(this);
    }
}
