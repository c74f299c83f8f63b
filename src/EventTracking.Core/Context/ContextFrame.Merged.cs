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

        // Room for every frame's own pairs; a shadowed key leaves a slot unused, and the array is cut to size then.
        var room = 0;
        for (var frame = this; frame is not null; frame = frame.Parent)
        {
            var own = frame.OwnValues;
            room += own.Shape is { } shape ? shape.Count : ((IReadOnlyCollection<KeyValuePair<string, object?>>)own.Instance).Count;
        }

        var filling = new Filling(new KeyValuePair<string, object?>[room]);
        ForEach(filling, static (target, key, _, value) => target.Pairs[target.Count++] = new(key, value.Value));

        // Two threads may both build it; they build equal arrays, and either may be kept.
        merged = filling.Count == room ? filling.Pairs : filling.Pairs[..filling.Count];
        Volatile.Write(ref _merged, merged);
        return merged;
    }

    private sealed class Filling(KeyValuePair<string, object?>[] pairs)
    {
        public KeyValuePair<string, object?>[] Pairs { get; } = pairs;

        public int Count { get; set; }
    }
}
