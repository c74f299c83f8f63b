using System.Text.Json;

namespace EventTracking;

/// <content>The merged pairs, for enumeration.</content>
internal sealed partial class ContextFrame
{
    // The merged pairs of the frame this thread enumerated last. Frames are immutable, and a frame entered for a request
    // is enumerated once for every event emitted in it, so the pairs are made once and walked many times; kept per
    // thread rather than in a field, so a frame (one per pushed context) stays as small as it is.
    [ThreadStatic]
    private static ContextFrame? _lastMergedFrame;

    [ThreadStatic]
    private static KeyValuePair<string, object?>[]? _lastMerged;

    /// <summary>The merged pairs in enumeration order (as <see cref="ForEach{TVisitor}"/> visits them).</summary>
    private KeyValuePair<string, object?>[] Merged()
    {
        if (ReferenceEquals(_lastMergedFrame, this) && _lastMerged is { } merged)
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
        ForEach(ref filling);

        merged = filling.Count == room ? filling.Pairs : filling.Pairs[..filling.Count];
        (_lastMergedFrame, _lastMerged) = (this, merged);
        return merged;
    }

    private struct Filling(KeyValuePair<string, object?>[] pairs) : IPairVisitor
    {
        public readonly KeyValuePair<string, object?>[] Pairs => pairs;

        public int Count { get; private set; }

        public void Visit(string key, JsonEncodedText? encodedKey, FieldValue value) => pairs[Count++] = new(key, value.Value);
    }
}
