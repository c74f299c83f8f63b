using System.Diagnostics.Metrics;

namespace EventTracking;

/// <summary>
/// The async routing nodes alive in the process, so one queue-depth gauge can report them all. Held weakly: a node
/// that is dropped without being disposed does not stay alive for the gauge's sake.
/// </summary>
internal static class AsyncNodeRegistry
{
    private static readonly Lock Gate = new();
    private static readonly List<WeakReference<AsyncRoutingBackend>> Nodes = [];

    public static void Add(AsyncRoutingBackend node)
    {
        lock (Gate)
        {
            Nodes.RemoveAll(w => !w.TryGetTarget(out _));
            Nodes.Add(new WeakReference<AsyncRoutingBackend>(node));
        }
    }

    public static void Remove(AsyncRoutingBackend node)
    {
        lock (Gate)
        {
            Nodes.RemoveAll(w => !w.TryGetTarget(out var target) || ReferenceEquals(target, node));
        }
    }

    public static IEnumerable<Measurement<long>> ObserveQueueDepths()
    {
        List<AsyncRoutingBackend> alive;
        lock (Gate)
        {
            alive = new List<AsyncRoutingBackend>(Nodes.Count);
            foreach (var reference in Nodes)
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
