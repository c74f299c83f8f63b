namespace EventTracking.AspNetCore;

/// <summary>Walks a routing tree, naming each node by its path of backend names, such as <c>store/db</c>.</summary>
internal static class TrackerTree
{
    public static IEnumerable<KeyValuePair<string, IEventBackend>> Walk(RoutingBackend root) => Walk(root, prefix: null);

    private static IEnumerable<KeyValuePair<string, IEventBackend>> Walk(RoutingBackend router, string? prefix)
    {
        foreach (var (name, backend) in router.Backends)
        {
            var path = prefix is null ? name : $"{prefix}/{name}";
            yield return new(path, backend);
            if (backend is RoutingBackend child)
            {
                foreach (var descendant in Walk(child, path))
                {
                    yield return descendant;
                }
            }
        }
    }
}
