namespace EventTracking;

/// <summary>A flat anonymous object seen as a read-only dictionary of its properties, read in place.</summary>
internal sealed class AnonymousValues(object instance, AnonymousShape shape) : ReadOnlyValues
{
    /// <summary>The anonymous object itself.</summary>
    public object Instance { get; } = instance;

    /// <summary>The properties of <see cref="Instance"/>'s type.</summary>
    public AnonymousShape Shape { get; } = shape;

    /// <inheritdoc />
    public override int Count => Shape.Count;

    /// <inheritdoc />
    public override bool TryGetValue(string key, out object? value) => Shape.TryGetValue(Instance, key, out value);

    /// <inheritdoc />
    public override IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Shape.Count; i++)
        {
            yield return new(Shape.NameAt(i), Shape.ValueAt(Instance, i));
        }
    }
}
