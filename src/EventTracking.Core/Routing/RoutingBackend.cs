using System.Collections.ObjectModel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventTracking;

/// <summary>
/// A node of the routing tree: runs its processors in registration order, then hands the event to each
/// child backend in ordinal name order.
/// </summary>
/// <remarks>
/// A processor that throws is skipped (the event goes on as it was); a child that throws does not stop its
/// siblings. Both are logged and counted on the <c>EventTracking</c> meter. Registration is thread-safe and
/// may happen while events flow; an event sees the backends and processors registered when it arrived.
/// </remarks>
public class RoutingBackend : IEventBackend
{
    // The drop reason of an event whose redaction or consent processor threw (see IFailClosedProcessor).
    private const string FailedProcessorDropReason = "processor_failed";

    private readonly Lock _gate = new();
    private KeyValuePair<string, IEventBackend>[] _backends = [];
    private IEventProcessor[] _processors = [];
    private ReadOnlyDictionary<string, IEventBackend> _backendsView = ReadOnlyDictionary<string, IEventBackend>.Empty;
    private ILogger? _logger;

    /// <summary>Creates a router.</summary>
    /// <param name="backends">Named children; names must be unique. A dictionary works.</param>
    /// <param name="processors">The processor chain, in the order it runs.</param>
    /// <param name="logger">Where faults are logged; a <see cref="Tracker"/> supplies its own when this is null.</param>
    public RoutingBackend(
        IEnumerable<KeyValuePair<string, IEventBackend>>? backends = null,
        IEnumerable<IEventProcessor>? processors = null,
        ILogger? logger = null)
    {
        _logger = logger;
        foreach (var (name, backend) in backends ?? [])
        {
            RegisterBackend(name, backend);
        }

        foreach (var processor in processors ?? [])
        {
            RegisterProcessor(processor);
        }
    }

    /// <summary>The children, by name, enumerated in the order they receive events.</summary>
    public IReadOnlyDictionary<string, IEventBackend> Backends => _backendsView;

    /// <summary>The instruments this router (and, for an async node, its lanes) records on: those current when it was built.</summary>
    internal MeterInstruments Instruments { get; private set; } = Metrics.Current;

    /// <summary>The processor chain, in the order it runs.</summary>
    public IReadOnlyList<IEventProcessor> Processors => _processors;

    /// <summary>Where this router logs faults.</summary>
    protected ILogger Logger => _logger ?? NullLogger.Instance;

    /// <summary>Adds a child backend.</summary>
    /// <param name="name">A name unique among this router's children; children receive events in ordinal name order.</param>
    /// <param name="backend">The child.</param>
    /// <exception cref="ArgumentException">The name is empty or already taken.</exception>
    public void RegisterBackend(string name, IEventBackend backend)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(backend);
        lock (_gate)
        {
            if (_backends.Any(b => string.Equals(b.Key, name, StringComparison.Ordinal)))
            {
                throw new ArgumentException($"A backend named '{name}' is already registered.", nameof(name));
            }

            var backends = _backends.Append(new(name, backend)).OrderBy(b => b.Key, StringComparer.Ordinal).ToArray();
            _backendsView = new ReadOnlyDictionary<string, IEventBackend>(
                new SortedDictionary<string, IEventBackend>(backends.ToDictionary(), StringComparer.Ordinal));
            _backends = backends;
            if (_logger is not null && backend is RoutingBackend child)
            {
                child.AttachLogger(_logger);
            }
        }
    }

    /// <summary>Appends a processor to the chain.</summary>
    /// <param name="processor">The processor; it runs after every processor registered before it.</param>
    public void RegisterProcessor(IEventProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(processor);
        lock (_gate)
        {
            _processors = [.. _processors, processor];
        }
    }

    /// <summary>Runs the processor chain, then sends what is left to every child.</summary>
    /// <param name="evt">The event.</param>
    public virtual void Send(TrackingEvent evt)
    {
        var processed = Process(evt);
        if (processed is not null)
        {
            SendToBackends(processed);
        }
    }

    /// <summary>
    /// Acknowledged delivery: runs the processor chain over each event, then hands what is left to every child in name
    /// order, and completes only when every backend the events are routed to has taken them.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A child <see cref="RoutingBackend"/> delivers the same way, recursively; an <see cref="AsyncRoutingBackend"/> does
    /// too, bypassing its queue (so the events may overtake events emitted earlier with <see cref="Tracker.Emit"/>). A
    /// child <see cref="IBatchEventBackend"/> gets the events in one <see cref="IBatchEventBackend.SendBatchAsync"/> call;
    /// any other child gets <see cref="IEventBackend.Send"/> per event. Nothing is retried here and nothing is queued.
    /// </para>
    /// <para>
    /// Unlike <see cref="Send"/>, a backend's failure reaches the caller: the other children still get the events, then
    /// an <see cref="EventDeliveryException"/> names every backend that failed. Processor faults are isolated as in
    /// <see cref="Send"/>, and an event a processor drops counts as delivered.
    /// </para>
    /// </remarks>
    /// <param name="events">The events, in order.</param>
    /// <param name="cancellationToken">Stops waiting for backends; events already taken stay taken.</param>
    /// <returns>A task that completes once every backend the events are routed to has taken them.</returns>
    /// <exception cref="EventDeliveryException">One or more backends did not take the events.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual async ValueTask DeliverAsync(IReadOnlyList<TrackingEvent> events, CancellationToken cancellationToken = default)
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

        List<KeyValuePair<string, Exception>>? failures = null;
        foreach (var (name, backend) in _backends)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await DeliverToAsync(backend, processed, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (EventDeliveryException ex) when (backend is RoutingBackend)
            {
                // The router beneath counted its own failures; name them by their path from here.
                failures ??= [];
                failures.AddRange(ex.Failures.Select(f => new KeyValuePair<string, Exception>($"{name}/{f.Key}", f.Value)));
            }
            catch (Exception ex)
            {
                Instruments.BackendFailures.Add(1, new KeyValuePair<string, object?>(MetricTags.Backend, name));
                failures ??= [];
                failures.Add(new(name, ex));
            }
        }

        if (failures is not null)
        {
            throw new EventDeliveryException(failures);
        }
    }

    /// <summary>Runs the processor chain.</summary>
    /// <param name="evt">The event as it reached this router.</param>
    /// <returns>The event to deliver, or <see langword="null"/> if a processor dropped it.</returns>
    protected TrackingEvent? Process(TrackingEvent evt)
    {
        var current = evt;
        foreach (var processor in _processors)
        {
            TrackingEvent? next;
            try
            {
                next = processor.Process(current);
            }
            catch (Exception ex)
            {
                var processorName = processor.GetType().Name;
                Instruments.ProcessorFailures.Add(1, new KeyValuePair<string, object?>(MetricTags.Processor, processorName));
                if (processor is IFailClosedProcessor)
                {
                    // A redaction or consent check that failed has not decided what may pass: nothing does.
                    Log.PrivacyProcessorFailed(Logger, ex, processorName, LogText.Escape(current.Name));
                    Instruments.CountDropped(FailedProcessorDropReason, processorName);
                    return null;
                }

                Log.ProcessorFailed(Logger, ex, processorName, LogText.Escape(current.Name));
                continue;
            }

            if (next is null)
            {
                Instruments.CountDropped((processor as IDropReasonProcessor)?.DropReason ?? "processor", processor.GetType().Name);
                return null;
            }

            current = next;
        }

        return current;
    }

    /// <summary>Sends an event to every child in name order; a child that throws is logged and counted.</summary>
    /// <param name="evt">The processed event.</param>
    protected void SendToBackends(TrackingEvent evt)
    {
        foreach (var (name, backend) in _backends)
        {
            try
            {
                backend.Send(evt);
            }
            catch (Exception ex)
            {
                Instruments.BackendFailures.Add(1, new KeyValuePair<string, object?>(MetricTags.Backend, name));
                Log.BackendFailed(Logger, ex, name, LogText.Escape(evt.Name));
            }
        }
    }

    private static async ValueTask DeliverToAsync(IEventBackend backend, List<TrackingEvent> events, CancellationToken cancellationToken)
    {
        switch (backend)
        {
            case RoutingBackend router:
                await router.DeliverAsync(events, cancellationToken).ConfigureAwait(false);
                break;
            case IBatchEventBackend batch:
                await batch.SendBatchAsync(events, cancellationToken).ConfigureAwait(false);
                break;
            default:
                foreach (var evt in events)
                {
                    backend.Send(evt);
                }

                break;
        }
    }

    /// <summary>Records on <paramref name="instruments"/> from now on (see <see cref="MeterAdoption"/>).</summary>
    internal virtual void UseInstruments(MeterInstruments instruments) => Instruments = instruments;

    /// <summary>Gives this router, and routers beneath it that have none, a logger.</summary>
    internal void AttachLogger(ILogger logger)
    {
        KeyValuePair<string, IEventBackend>[] children;
        lock (_gate)
        {
            _logger ??= logger;
            children = _backends;
        }

        foreach (var (_, child) in children)
        {
            (child as RoutingBackend)?.AttachLogger(logger);
        }
    }
}
