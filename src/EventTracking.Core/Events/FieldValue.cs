using System.Text.Json;

namespace EventTracking;

/// <summary>
/// One value met while walking values in place: either the value itself, or where it sits in a flat anonymous object
/// (the instance, its shape and the property's index), so a writer can take a scalar property without boxing it.
/// </summary>
internal readonly struct FieldValue
{
    private readonly object? _value;
    private readonly AnonymousShape? _shape;
    private readonly int _index;

    private FieldValue(object? value, AnonymousShape? shape, int index)
    {
        _value = value;
        _shape = shape;
        _index = index;
    }

    /// <summary>The value, boxed if it is a scalar property of an anonymous object.</summary>
    public object? Value => _shape is null ? _value : _shape.ValueAt(_value!, _index);

    /// <summary>A value already at hand.</summary>
    public static FieldValue Of(object? value) => new(value, null, 0);

    /// <summary>The property at <paramref name="index"/> of a flat anonymous object.</summary>
    public static FieldValue At(object instance, AnonymousShape shape, int index) => new(instance, shape, index);

    /// <summary>Writes the value as JSON straight from its property, when its type has such a writer; otherwise does nothing.</summary>
    /// <returns>Whether the value was written.</returns>
    public bool TryWrite(Utf8JsonWriter writer) => _shape is not null && _shape.TryWriteAt(writer, _value!, _index);
}
