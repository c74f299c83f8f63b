using System.Diagnostics.Metrics;

namespace EventTracking;

/// <summary>
/// The async routing nodes alive that were built with one set of instruments, so its queue-depth gauge reports them
/// (and no other container's). Held weakly: a node that is dropped without being disposed does not stay alive for the
/// gauge's sake.
/// </summary>
internal sealed class AsyncNodeRegistry
{
    private readonly Lock _gate = new();
    private readonly List<WeakReference<AsyncRoutingBackend>> _nodes = [];

    public void Add(AsyncRoutingBackend node)
    {
        lock (_gate)
        {
            _nodes.RemoveAll(w => !w.TryGetTarget(out _));
            _nodes.Add(new WeakReference<AsyncRoutingBackend>(node));
        }
    }

    public void Remove(AsyncRoutingBackend node)
    {
        lock (_gate)
        {
            _nodes.RemoveAll(w => !w.TryGetTarget(out var target) || ReferenceEquals(target, node));
        }
    }

    public IEnumerable<Measurement<long>> ObserveQueueDepths()
    {
        List<AsyncRoutingBackend> alive;
        lock (_gate)
        {
            alive = new List<AsyncRoutingBackend>(_nodes.Count);
            foreach (var reference in _nodes)
            {
                if (reference.TryGetTarget(out var node))
                {
                    alive.Add(node);
                }
            }
        }

        var measurements = new Measurement<long>[alive.Count];
        for (var i = 0; i < alive.Count; i++)
        {
            measurements[i] = new Measurement<long>(alive[i].QueueDepth, new KeyValuePair<string, object?>(MetricTags.Node, alive[i].Name));
        }

        return measurements;
    }
}
