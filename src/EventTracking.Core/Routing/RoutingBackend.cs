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
                Metrics.ProcessorFailures.Add(1, new KeyValuePair<string, object?>("processor", processorName));
                Log.ProcessorFailed(Logger, ex, processorName, current.Name);
                continue;
            }

            if (next is null)
            {
                Metrics.CountDropped("processor", processor.GetType().Name);
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
                Metrics.BackendFailures.Add(1, new KeyValuePair<string, object?>("backend", name));
                Log.BackendFailed(Logger, ex, name, evt.Name);
            }
        }
    }

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
