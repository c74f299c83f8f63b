namespace EventTracking;

/// <summary>
/// Walks the key/value pairs of one <see cref="ReadableValues"/> without allocating: a normalized dictionary through
/// its struct enumerator, a flat anonymous object property by property; any other dictionary through its enumerator.
/// </summary>
internal struct ValuesCursor
{
    private readonly object _instance;
    private readonly AnonymousShape? _shape;
    private readonly IEnumerator<KeyValuePair<string, object?>>? _other;
    private Dictionary<string, object?>.Enumerator _dictionary;
    private int _index;

    public ValuesCursor(ReadableValues values)
    {
        _instance = values.Instance;
        _shape = values.Shape;
        _index = -1;
        switch (values.Instance)
        {
            case var _ when _shape is not null:
                break;
            case NormalizedDictionary dictionary:
                _dictionary = dictionary.GetEnumerator();
                break;
            case AnonymousValues anonymous:
                _instance = anonymous.Instance;
                _shape = anonymous.Shape;
                break;
            default:
                _other = ((IReadOnlyDictionary<string, object?>)values.Instance).GetEnumerator();
                break;
        }
    }

    private KeyValuePair<string, object?> _current;

    /// <summary>The current pair; a flat anonymous object's value is read (and a scalar boxed) on each call.</summary>
    public readonly KeyValuePair<string, object?> Current =>
        _shape is not null ? new(_shape.NameAt(_index), _shape.ValueAt(_instance, _index)) : _current;

    /// <summary>The current key.</summary>
    public readonly string CurrentKey => _shape is not null ? _shape.NameAt(_index) : _current.Key;

    /// <summary>The current value, left in its anonymous object when it is one, so a writer can take it unboxed.</summary>
    public readonly FieldValue CurrentField => _shape is not null ? FieldValue.At(_instance, _shape, _index) : FieldValue.Of(_current.Value);

    /// <summary>The current key as JSON, when it is a flat anonymous object's plain property name; otherwise <see langword="null"/>.</summary>
    public readonly System.Text.Json.JsonEncodedText? EncodedKey => _shape?.EncodedNameAt(_index);

    public bool MoveNext()
    {
        if (_shape is not null)
        {
            return ++_index < _shape.Count;
        }

        if (_other is not null)
        {
            if (!_other.MoveNext())
            {
                return false;
            }

            _current = _other.Current;
            return true;
        }

        if (!_dictionary.MoveNext())
        {
            return false;
        }

        _current = _dictionary.Current;
        return true;
    }
}
