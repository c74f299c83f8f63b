using System.Collections;

namespace EventTracking;

/// <summary>A flat anonymous object seen as a read-only dictionary of its properties, read in place.</summary>
/// <remarks>
/// The first enumerator asked for on the thread that made the view is the view itself, as a compiler-generated iterator
/// is for its first enumeration, so a backend that reads an event's data once allocates one object, not two; every other
/// enumeration gets an enumerator of its own.
/// </remarks>
internal sealed class AnonymousValues : ReadOnlyValues, IEnumerator<KeyValuePair<string, object?>>
{
    // The thread that may still take the view as its enumerator; 0 once it has.
    private int _enumeratorThread = Environment.CurrentManagedThreadId;
    private int _index = -1;

    public AnonymousValues(object instance, AnonymousShape shape)
    {
        Instance = instance;
        Shape = shape;
    }

    /// <summary>The anonymous object itself.</summary>
    public object Instance { get; }

    /// <summary>The properties of <see cref="Instance"/>'s type.</summary>
    public AnonymousShape Shape { get; }

    /// <inheritdoc />
    public override int Count => Shape.Count;

    KeyValuePair<string, object?> IEnumerator<KeyValuePair<string, object?>>.Current => (uint)_index < (uint)Shape.Count
        ? new(Shape.NameAt(_index), Shape.ValueAt(Instance, _index))
        : throw new InvalidOperationException("Enumeration has not started, or has ended.");

    object IEnumerator.Current => ((IEnumerator<KeyValuePair<string, object?>>)this).Current;

    /// <inheritdoc />
    public override bool TryGetValue(string key, out object? value) => Shape.TryGetValue(Instance, key, out value);

    /// <inheritdoc />
    public override IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        if (_enumeratorThread == Environment.CurrentManagedThreadId)
        {
            _enumeratorThread = 0;
            return this;
        }

        return Enumerate(Instance, Shape);
    }

    bool IEnumerator.MoveNext()
    {
        if (_index < Shape.Count)
        {
            _index++;
        }

        return _index < Shape.Count;
    }

    void IEnumerator.Reset() => throw new NotSupportedException();

    void IDisposable.Dispose() => _index = Shape.Count;

    private static IEnumerator<KeyValuePair<string, object?>> Enumerate(object instance, AnonymousShape shape)
    {
        for (var i = 0; i < shape.Count; i++)
        {
            yield return new(shape.NameAt(i), shape.ValueAt(instance, i));
        }
    }
}
