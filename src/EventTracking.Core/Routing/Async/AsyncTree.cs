namespace EventTracking;

/// <summary>Finds the <see cref="AsyncRoutingBackend"/> nodes of a routing tree, for flushing and disposing them.</summary>
/// <remarks>
/// The walk follows <see cref="RoutingBackend.Backends"/>; a custom backend that wraps others hides them. A node
/// reachable along several paths (shared by two parents or two trackers) is visited once per walk.
/// </remarks>
internal static class AsyncTree
{
    /// <summary>Flushes every async node at or below <paramref name="backend"/>.</summary>
    public static ValueTask FlushAsync(IEventBackend backend, CancellationToken cancellationToken)
    {
        var topmost = new List<AsyncRoutingBackend>();
        CollectTopmost(backend, topmost, new HashSet<IEventBackend>(ReferenceEqualityComparer.Instance));
        return FlushAllAsync(topmost, cancellationToken);
    }

    /// <summary>Flushes the async nodes beneath <paramref name="node"/>, not the node itself.</summary>
    public static ValueTask FlushBelowAsync(AsyncRoutingBackend node, CancellationToken cancellationToken)
    {
        var topmost = new List<AsyncRoutingBackend>();
        var visited = new HashSet<IEventBackend>(ReferenceEqualityComparer.Instance) { node };
        foreach (var child in node.Backends.Values)
        {
            CollectTopmost(child, topmost, visited);
        }

        return FlushAllAsync(topmost, cancellationToken);
    }

    /// <summary>
    /// Disposes every async node at or below <paramref name="backend"/>, each only after every async node above it,
    /// so what an outer node drains on shutdown still reaches an inner node that is open.
    /// </summary>
    public static async Task DisposeAllAsync(IEventBackend backend)
    {
        var postOrder = new List<AsyncRoutingBackend>();
        CollectPostOrder(backend, postOrder, new HashSet<IEventBackend>(ReferenceEqualityComparer.Instance));

        // Reversed post-order is a topological order: every node comes after all its ancestors.
        for (var i = postOrder.Count - 1; i >= 0; i--)
        {
            await postOrder[i].DisposeAsync().ConfigureAwait(false);
        }
    }

    private static ValueTask FlushAllAsync(List<AsyncRoutingBackend> nodes, CancellationToken cancellationToken) => nodes.Count switch
    {
        0 => ValueTask.CompletedTask,
        1 => nodes[0].FlushAsync(cancellationToken),
        _ => new ValueTask(Task.WhenAll(nodes.ConvertAll(n => n.FlushAsync(cancellationToken).AsTask()))),
    };

    // An async node flushes its own subtree after its own events are delivered, so the walk stops at one.
    private static void CollectTopmost(IEventBackend backend, List<AsyncRoutingBackend> into, HashSet<IEventBackend> visited)
    {
        if (!visited.Add(backend))
        {
            return;
        }

        if (backend is AsyncRoutingBackend node)
        {
            into.Add(node);
        }
        else if (backend is RoutingBackend router)
        {
            foreach (var child in router.Backends.Values)
            {
                CollectTopmost(child, into, visited);
            }
        }
    }

    private static void CollectPostOrder(IEventBackend backend, List<AsyncRoutingBackend> into, HashSet<IEventBackend> visited)
    {
        if (!visited.Add(backend) || backend is not RoutingBackend router)
        {
            return;
        }

        foreach (var child in router.Backends.Values)
        {
            CollectPostOrder(child, into, visited);
        }

        if (router is AsyncRoutingBackend node)
        {
            into.Add(node);
        }
    }
}
