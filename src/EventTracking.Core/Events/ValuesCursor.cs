namespace EventTracking;

/// <summary>
/// Walks the key/value pairs of one readable values object (see <see cref="EventValues.Readable"/>) without allocating:
/// a normalized dictionary through its struct enumerator, a flat anonymous object property by property.
/// </summary>
internal struct ValuesCursor
{
    private readonly object _instance;
    private readonly AnonymousShape? _shape;
    private readonly IEnumerator<KeyValuePair<string, object?>>? _other;
    private Dictionary<string, object?>.Enumerator _dictionary;
    private int _index;

    public ValuesCursor(object values)
    {
        _instance = values;
        _index = -1;
        switch (values)
        {
            case NormalizedDictionary dictionary:
                _dictionary = dictionary.GetEnumerator();
                break;
            case AnonymousValues anonymous:
                _instance = anonymous.Instance;
                _shape = anonymous.Shape;
                break;
            case IReadOnlyDictionary<string, object?> other:
                _other = other.GetEnumerator();
                break;
            default:
                _shape = AnonymousShape.Of(values) ?? throw new InvalidOperationException($"Values of type {values.GetType()} are not readable in place.");
                break;
        }
    }

    public KeyValuePair<string, object?> Current { get; private set; }

    public bool MoveNext()
    {
        if (_shape is not null)
        {
            if (++_index >= _shape.Count)
            {
                return false;
            }

            Current = new(_shape.NameAt(_index), _shape.ValueAt(_instance, _index));
            return true;
        }

        if (_other is not null)
        {
            if (!_other.MoveNext())
            {
                return false;
            }

            Current = _other.Current;
            return true;
        }

        if (!_dictionary.MoveNext())
        {
            return false;
        }

        Current = _dictionary.Current;
        return true;
    }
}
