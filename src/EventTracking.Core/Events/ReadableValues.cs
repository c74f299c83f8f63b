namespace EventTracking;

/// <summary>
/// One values object in the form read in place (see <see cref="EventValues.Readable"/>), with the shape of a flat
/// anonymous object looked up once, so lookups and walks over it cost no further type lookups.
/// </summary>
internal readonly struct ReadableValues
{
    /// <summary>Wraps a dictionary, or a flat anonymous object with its shape.</summary>
    public ReadableValues(object instance, AnonymousShape? shape)
    {
        Instance = instance;
        Shape = shape;
    }

    /// <summary>A dictionary, or the flat anonymous object itself.</summary>
    public object Instance { get; }

    /// <summary>The shape of <see cref="Instance"/> when it is a flat anonymous object; otherwise <see langword="null"/>.</summary>
    public AnonymousShape? Shape { get; }

    public bool IsEmpty => Shape is not null
        ? Shape.Count == 0
        : Instance is ContextFrame frame ? frame.IsEmpty : ((IReadOnlyCollection<KeyValuePair<string, object?>>)Instance).Count == 0;

    /// <summary>Whether the values hold <paramref name="key"/>, without reading (or boxing) its value.</summary>
    public bool ContainsKey(string key)
    {
        if (Shape is not null)
        {
            return Shape.ContainsKey(key);
        }

        return Instance is NormalizedDictionary dictionary
            ? dictionary.ContainsKey(key)
            : ((IReadOnlyDictionary<string, object?>)Instance).ContainsKey(key);
    }

    public bool TryGetValue(string key, out object? value)
    {
        if (Shape is not null)
        {
            return Shape.TryGetValue(Instance, key, out value);
        }

        return Instance is NormalizedDictionary dictionary
            ? dictionary.TryGetValue(key, out value)
            : ((IReadOnlyDictionary<string, object?>)Instance).TryGetValue(key, out value);
    }

    public ValuesCursor GetCursor() => new(this);
}
