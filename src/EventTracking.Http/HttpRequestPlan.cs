namespace EventTracking;

/// <summary>Cuts a batch into requests that fit the collector's limits, keeping the events' order.</summary>
internal static class HttpRequestPlan
{
    /// <summary>Groups consecutive events so that no group exceeds <paramref name="maxEvents"/> events or <paramref name="maxBytes"/> of body.</summary>
    /// <param name="indices">The events to send, as indices into <paramref name="items"/>.</param>
    /// <param name="items">Each event's JSON.</param>
    /// <param name="maxEvents">The most events per request.</param>
    /// <param name="maxBytes">The largest body per request; every single event fits.</param>
    public static IEnumerable<List<int>> Cut(IReadOnlyList<int> indices, byte[][] items, int maxEvents, long maxBytes)
    {
        var current = new List<int>();
        long size = 2;
        foreach (var index in indices)
        {
            var added = items[index].Length + (current.Count > 0 ? 1 : 0);
            if (current.Count > 0 && (current.Count >= maxEvents || size + added > maxBytes))
            {
                yield return current;
                current = [];
                size = 2;
                added = items[index].Length;
            }

            current.Add(index);
            size += added;
        }

        if (current.Count > 0)
        {
            yield return current;
        }
    }

    /// <summary>The two halves of a request the collector found too large, or could not say which event was bad.</summary>
    public static (List<int> First, List<int> Second) Halve(List<int> request)
    {
        var middle = request.Count / 2;
        return (request.GetRange(0, middle), request.GetRange(middle, request.Count - middle));
    }
}
