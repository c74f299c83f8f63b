namespace EventTracking;

/// <content>The merged pairs, for enumeration.</content>
internal sealed partial class ContextFrame
{
    // The merged pairs of the stack that ends at this frame, made at the first enumeration: frames are immutable, and
    // a frame entered for a request is enumerated once for every event emitted in it.
    private KeyValuePair<string, object?>[]? _merged;

    /// <summary>The merged pairs in enumeration order (as <see cref="ForEach{TState}"/> visits them), made once per frame.</summary>
    private KeyValuePair<string, object?>[] Merged()
    {
        var merged = Volatile.Read(ref _merged);
        if (merged is not null)
        {
            return merged;
        }

        var pairs = new List<KeyValuePair<string, object?>>();
        ForEach(pairs, static (list, key, _, value) => list.Add(new(key, value.Value)));

        // Two threads may both build it; they build equal arrays, and either may be kept.
        merged = pairs.Count == 0 ? [] : pairs.ToArray();
        Volatile.Write(ref _merged, merged);
        return merged;
    }
}
