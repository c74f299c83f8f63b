namespace EventTracking.Samples.WebApp;

/// <summary>Finds a backend in the tracker's tree, so the /events endpoint can read the SQLite store back.</summary>
internal static class SampleTree
{
    public static T? Find<T>(RoutingBackend router)
        where T : class, IEventBackend
    {
        foreach (var backend in router.Backends.Values)
        {
            var found = backend as T ?? (backend is RoutingBackend child ? Find<T>(child) : null);
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }
}
