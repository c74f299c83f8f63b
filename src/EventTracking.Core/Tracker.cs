using Microsoft.Extensions.Logging;

namespace EventTracking;

/// <summary>
/// Emits events: stamps each with an id, a UTC timestamp and the context in force, then sends it through
/// the routing tree rooted at <see cref="Backend"/>.
/// </summary>
/// <remarks>
/// The context stack lives in an <see cref="AsyncLocal{T}"/> owned by this tracker: it flows into awaited calls
/// and tasks started inside a context block, and what a child task pushes never reaches its parent.
/// </remarks>
/// <example>
/// <code>
/// var tracker = new Tracker(new Dictionary&lt;string, IEventBackend&gt; { ["store"] = new InMemoryBackend() });
/// using (tracker.Context("request", new { user_id = 10938 }))
/// {
///     tracker.Emit("navigation.request", new { url = "http://www.edx.org/some/path/1" });
/// }
/// </code>
/// </example>
public sealed class Tracker : ITracker
{
    private readonly AsyncLocal<ContextFrame?> _current = new();
    private readonly ContextFrame _root;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly bool _captureTraceContext;
    private readonly Lock _disposeGate = new();
    private readonly MeterInstruments _metrics = Metrics.Current;
    private Task? _disposal;
    private long _lastInvalidNameWarning;
    private long _invalidNamesHeldBack;

    /// <summary>Creates a tracker whose root router holds <paramref name="backends"/> and <paramref name="processors"/>.</summary>
    /// <param name="backends">Named backends; a dictionary works. Names must be unique.</param>
    /// <param name="processors">Processors of the root router, in the order they run.</param>
    /// <param name="options">Process-wide context, logging and clock.</param>
    public Tracker(
        IEnumerable<KeyValuePair<string, IEventBackend>> backends,
        IEnumerable<IEventProcessor>? processors = null,
        TrackerOptions? options = null)
        : this(new RoutingBackend(backends ?? throw new ArgumentNullException(nameof(backends)), processors), options)
    {
    }

    /// <summary>Creates a tracker over an existing routing tree.</summary>
    /// <param name="backend">The root of the tree.</param>
    /// <param name="options">Process-wide context, logging and clock.</param>
    public Tracker(RoutingBackend backend, TrackerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(backend);
        options ??= new TrackerOptions();
        Backend = backend;
        _time = options.TimeProvider ?? TimeProvider.System;
        _captureTraceContext = options.CaptureTraceContext;
        ErasableStores = options.ErasableStores;
        _root = ContextFrame.Root(this, options.Context);
        _logger = options.LoggerFactory?.CreateLogger(EventTrackingDiagnostics.LoggerCategory)
            ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        if (options.LoggerFactory is not null)
        {
            backend.AttachLogger(_logger);
        }
    }

    /// <summary>The root of this tracker's routing tree; register backends and processors on it.</summary>
    public RoutingBackend Backend { get; }

    /// <summary>Stores outside the tree that erasure covers too (<see cref="TrackerOptions.ErasableStores"/>).</summary>
    internal Func<IReadOnlyDictionary<string, IErasableStore>>? ErasableStores { get; }

    private ContextFrame Current => _current.Value ?? _root;

    /// <inheritdoc />
    /// <remarks>
    /// A name outside the <see cref="EventNames"/> alphabet (a control character, a line separator, an unpaired
    /// surrogate, …) drops the event: it is counted on the <c>EventTracking</c> meter (<c>eventtracking.events.dropped</c>,
    /// reason <c>invalid_name</c>) and logged, escaped, at most once a minute.
    /// </remarks>
    public void Emit(string? name, object? data = null)
    {
        if (!EventNames.IsValid(name) && !string.IsNullOrWhiteSpace(name))
        {
            DropInvalidName(name);
            return;
        }

        var evt = CreateEvent(name, data);
        _metrics.Emitted.Add(1);
        try
        {
            Backend.Send(evt);
        }
        catch (Exception ex)
        {
            // RoutingBackend isolates its children already; this guards a custom root's own code.
            _metrics.BackendFailures.Add(1, new KeyValuePair<string, object?>(MetricTags.Backend, "root"));
            Log.EmitFailed(_logger, ex, LogText.Escape(evt.Name));
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="name"/> is outside the <see cref="EventNames"/> alphabet.</exception>
    public ValueTask EmitAsync(string? name, object? data = null, CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrWhiteSpace(name) && EventNames.Describe(name) is { } problem)
        {
            throw new ArgumentException($"Cannot emit: {problem}.", nameof(name));
        }

        var evt = CreateEvent(name, data);
        _metrics.Emitted.Add(1);
        return Backend.DeliverAsync([evt], cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">An event is null or its name is outside the <see cref="EventNames"/> alphabet;
    /// nothing is delivered.</exception>
    public ValueTask DeliverAsync(IReadOnlyList<TrackingEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return ValueTask.CompletedTask;
        }

        for (var i = 0; i < events.Count; i++)
        {
            var evt = events[i] ?? throw new ArgumentException($"Event {i} is null.", nameof(events));
            if (EventNames.Describe(evt.Name) is { } problem)
            {
                throw new ArgumentException($"Cannot deliver event {i}: {problem}.", nameof(events));
            }
        }

        var delivered = events;
        if (!_root.IsEmpty)
        {
            // Each event's own context over the process-wide one, as a view: nothing is copied.
            var merged = new TrackingEvent[events.Count];
            for (var i = 0; i < merged.Length; i++)
            {
                var evt = events[i];
                merged[i] = evt with { Context = EventValues.IsEmpty(evt.Context) ? _root : new ContextFrame(_root.Name, evt.Context, _root) };
            }

            delivered = merged;
        }

        _metrics.Emitted.Add(events.Count);
        return Backend.DeliverAsync(delivered, cancellationToken);
    }

    /// <inheritdoc />
    public IDisposable Context(string name, object? values)
    {
        var before = ExecutionContext.Capture();
        var frame = Push(name, values);
        frame.Arm(before, ExecutionContext.Capture());
        return frame;
    }

    /// <inheritdoc />
    public void EnterContext(string name, object? values) => Push(name, values);

    /// <inheritdoc />
    public void ExitContext(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var current = Current;
        var frame = current.Find(name)
            ?? throw new InvalidOperationException($"Cannot exit context '{name}': no context of that name has been entered here.");
        SetCurrent(current.Without(frame));
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, object?> ResolveContext() => Current;

    /// <inheritdoc />
    /// <remarks>
    /// Each async node flushes after the nodes above it have handed it their events, so events pass through nested
    /// nodes in one call. A node shared with another tracker is flushed too.
    /// </remarks>
    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => AsyncTree.FlushAsync(Backend, cancellationToken);

    /// <summary>
    /// Shuts down every <see cref="AsyncRoutingBackend"/> in the routing tree, outer nodes before the nodes beneath
    /// them, so what an outer node drains still reaches the inner ones. Each node gets its own shutdown timeout.
    /// </summary>
    /// <remarks>
    /// The first call does the work; later calls complete with it. Never throws. Events emitted afterwards are counted
    /// as dropped by the disposed nodes. A node shared with another tracker is disposed for both.
    /// </remarks>
    /// <returns>A task that completes when every async node has shut down.</returns>
    public ValueTask DisposeAsync()
    {
        lock (_disposeGate)
        {
            _disposal ??= AsyncTree.DisposeAllAsync(Backend);
            return new ValueTask(_disposal);
        }
    }

    /// <summary>Stamps an event with an id, the time and the current context, without sending it.</summary>
    internal TrackingEvent CreateEvent(string? name, object? data)
    {
        var now = _time.GetUtcNow();

        // Microsecond precision, as the canonical JSON carries, so an event read back equals the one emitted.
        var timestamp = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero);
        return new TrackingEvent(EventIds.NewId(timestamp), string.IsNullOrWhiteSpace(name) ? "unknown" : name, timestamp, _captureTraceContext ? TraceContext.Apply(Current) : Current, data);
    }

    private void DropInvalidName(string name)
    {
        _metrics.CountDropped(EventNames.InvalidNameDropReason, "tracker");

        // At most one warning a minute, so a caller that names events after user input cannot flood the log.
        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastInvalidNameWarning);
        if (last != 0 && _time.GetElapsedTime(last, now) < TimeSpan.FromMinutes(1))
        {
            Interlocked.Increment(ref _invalidNamesHeldBack);
            return;
        }

        if (Interlocked.CompareExchange(ref _lastInvalidNameWarning, now == 0 ? 1 : now, last) == last)
        {
            Log.InvalidNameDropped(_logger, EventNames.Describe(name) ?? string.Empty, Interlocked.Exchange(ref _invalidNamesHeldBack, 0));
        }
        else
        {
            Interlocked.Increment(ref _invalidNamesHeldBack);
        }
    }

    /// <summary>Removes a frame pushed by <see cref="Context"/>, wherever it now sits on the stack.</summary>
    internal void RemoveFrame(ContextFrame frame)
    {
        var current = Current;
        if (!current.Contains(frame))
        {
            return;
        }

        SetCurrent(current.Without(frame));
    }

    // Back at the root, clear the AsyncLocal rather than store the root frame: the flow's ExecutionContext can then
    // return to the one it had before the first push instead of carrying a copy.
    private void SetCurrent(ContextFrame frame) => _current.Value = ReferenceEquals(frame, _root) ? null : frame;

    private ContextFrame Push(string name, object? values)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var frame = new ContextFrame(name, values, Current);
        _current.Value = frame;
        return frame;
    }
}
