using System.ComponentModel;

namespace EventTracking.SourceGeneration;

/// <summary>
/// What a generated <see cref="EventValueReader"/> writes a type's properties into: the dictionary an event will hold,
/// at the nesting depth of the value being read.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct EventValueWriter
{
    private readonly NormalizedDictionary _values;
    private readonly int _depth;

    internal EventValueWriter(NormalizedDictionary values, int depth)
    {
        _values = values;
        _depth = depth;
    }

    /// <summary>Writes a value of any type; it is normalized as <see cref="ITracker.Emit"/> would normalize it.</summary>
    /// <param name="name">The key.</param>
    /// <param name="value">The value.</param>
    public void Write(string name, object? value) => Values[name] = EventValues.Normalize(value, _depth + 1);

    /// <summary>Writes a value the generator knows to be a scalar (a string, number, date, enum, …), as it is.</summary>
    /// <param name="name">The key.</param>
    /// <param name="value">The scalar, boxed, or <see langword="null"/>.</param>
    public void WriteScalar(string name, object? value) => Values[name] = value;

    /// <summary>Writes a nested object through the reader generated for its declared type.</summary>
    /// <param name="name">The key.</param>
    /// <param name="value">The nested object, or <see langword="null"/>.</param>
    /// <param name="reader">The reader generated for the declared type of <paramref name="value"/>.</param>
    public void WriteObject(string name, object? value, EventValueReader reader) =>
        Values[name] = value is null ? null : EventValueReaders.Read(value, reader, _depth + 1);

    private NormalizedDictionary Values =>
        _values ?? throw new InvalidOperationException("This EventValueWriter was not created by EventTracking.");
}
