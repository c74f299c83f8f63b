using System.Collections;

namespace EventTracking;

/// <summary>
/// The enumerator of the read-only views an event exposes (the merged context's pairs, a flat anonymous object's
/// properties). A disposed enumerator becomes its thread's spare and is handed out again, so a backend that enumerates
/// every event's <see cref="TrackingEvent.Context"/> and <see cref="TrackingEvent.Data"/> allocates no enumerator.
/// </summary>
/// <remarks>
/// Each thread keeps at most one spare, taken with a thread-static read, so two callers never hold the same enumerator
/// unless one keeps using it after disposing it (which the <see cref="IEnumerator"/> contract rules out; after
/// <see cref="Dispose"/> this one reads nothing more). An enumerator that is never disposed is simply not reused.
/// </remarks>
internal sealed class ViewEnumerator : IEnumerator<KeyValuePair<string, object?>>
{
    [ThreadStatic]
    private static ViewEnumerator? _spare;

    private KeyValuePair<string, object?>[]? _pairs;
    private object? _instance;
    private AnonymousShape? _shape;
    private int _count;
    private int _index;
    private KeyValuePair<string, object?> _current;

    private ViewEnumerator()
    {
    }

    /// <inheritdoc />
    public KeyValuePair<string, object?> Current => _current;

    object IEnumerator.Current => _current;

    /// <summary>An enumerator over <paramref name="pairs"/>, in order.</summary>
    public static ViewEnumerator Over(KeyValuePair<string, object?>[] pairs) => Take().Start(pairs, null, null, pairs.Length);

    /// <summary>An enumerator over the properties of <paramref name="instance"/>, a flat anonymous object of <paramref name="shape"/>.</summary>
    public static ViewEnumerator Over(object instance, AnonymousShape shape) => Take().Start(null, instance, shape, shape.Count);

    /// <inheritdoc />
    public bool MoveNext()
    {
        var next = _index + 1;
        if (next >= _count)
        {
            _index = _count;
            _current = default;
            return false;
        }

        _index = next;
        _current = _pairs is { } pairs ? pairs[next] : new(_shape!.NameAt(next), _shape.ValueAt(_instance!, next));
        return true;
    }

    /// <inheritdoc />
    public void Reset()
    {
        _index = -1;
        _current = default;
    }

    /// <summary>Ends the enumeration and keeps this enumerator as the calling thread's spare; later calls do nothing.</summary>
    public void Dispose()
    {
        if (_count < 0)
        {
            return;
        }

        (_pairs, _instance, _shape, _count, _index, _current) = (null, null, null, -1, -1, default);
        _spare = this;
    }

    private static ViewEnumerator Take()
    {
        var spare = _spare;
        if (spare is null)
        {
            return new ViewEnumerator();
        }

        _spare = null;
        return spare;
    }

    private ViewEnumerator Start(KeyValuePair<string, object?>[]? pairs, object? instance, AnonymousShape? shape, int count)
    {
        (_pairs, _instance, _shape, _count, _index, _current) = (pairs, instance, shape, count, -1, default);
        return this;
    }
}
