using System.Collections;
using System.Collections.Frozen;
using System.Text.Json;

namespace EventTracking;

/// <summary>
/// Turns what applications pass as context values or event data (anonymous objects, dictionaries,
/// key/value sequences, plain objects) into the normalized form events hold: read-only dictionaries,
/// read-only lists and scalars.
/// </summary>
internal static class EventValues
{
    public static readonly IReadOnlyDictionary<string, object?> Empty = FrozenDictionary<string, object?>.Empty;

    private const int MaxDepth = 64;

    /// <summary>
    /// What to keep of <paramref name="value"/>: an anonymous object itself, since it is immutable and reading it can
    /// wait until someone asks (see <see cref="Read"/>); anything else normalized now, since a dictionary or other
    /// object may be changed by the caller afterwards.
    /// </summary>
    public static object Capture(object? value) =>
        value is not null && TypeShapes.Of(value.GetType()).IsAnonymous ? value : ToDictionary(value);

    /// <summary>
    /// Reads what <see cref="Capture"/> kept as a dictionary: a flat anonymous object (every property a scalar) as a
    /// view over it, any other anonymous object normalized; either way once, cached in <paramref name="captured"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, object?> Read(ref object captured)
    {
        if (captured is IReadOnlyDictionary<string, object?> dictionary)
        {
            return dictionary;
        }

        var anonymous = captured;
        IReadOnlyDictionary<string, object?> read = AnonymousShape.Of(anonymous) is { } shape
            ? new AnonymousValues(anonymous, shape)
            : ToDictionary(anonymous);
        captured = read;
        return read;
    }

    /// <summary>
    /// What <see cref="Capture"/> kept, in a form read in place without allocating: a dictionary, or a flat anonymous
    /// object with its shape (see <see cref="ReadableValues"/>). Any other anonymous object is normalized once and cached.
    /// </summary>
    public static ReadableValues Readable(ref object captured)
    {
        var value = captured;
        if (value is IReadOnlyDictionary<string, object?>)
        {
            return new ReadableValues(value, null);
        }

        if (AnonymousShape.Of(value) is { } shape)
        {
            return new ReadableValues(value, shape);
        }

        var normalized = ToDictionary(value);
        captured = normalized;
        return new ReadableValues(normalized, null);
    }

    /// <summary>Whether <paramref name="values"/> holds nothing, without counting a merged context view.</summary>
    public static bool IsEmpty(IReadOnlyDictionary<string, object?> values) =>
        values is ContextFrame frame ? frame.IsEmpty : values.Count == 0;

    public static IReadOnlyDictionary<string, object?> ToDictionary(object? value)
    {
        if (value is null)
        {
            return Empty;
        }

        // Immutable already: the dictionaries events hold, and the views over frames and flat anonymous objects.
        if (value is NormalizedDictionary or ReadOnlyValues)
        {
            return (IReadOnlyDictionary<string, object?>)value;
        }

        return Normalize(value, 0) as IReadOnlyDictionary<string, object?>
            ?? throw new ArgumentException(
                $"Values of type {value.GetType()} cannot be used as event data or context: pass an anonymous object, a dictionary or key/value pairs.",
                nameof(value));
    }

    /// <summary>Normalizes one value at any depth.</summary>
    public static object? Normalize(object? value, int depth)
    {
        if (value is null || IsScalar(value))
        {
            return value;
        }

        CheckDepth(depth);
        switch (value)
        {
            case NormalizedDictionary or NormalizedList or ReadOnlyValues:
                return value;
            case JsonElement element:
                return FromJson(element);
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                return FromPairs(pairs, depth);
            case IDictionary dictionary:
                return FromDictionary(dictionary, depth);
            case var _ when SourceGeneration.EventValueReaders.TryRead(value, depth, out var generated):
                return generated;
            case IEnumerable sequence when ReflectedValues.TryReadPairs(sequence, depth, out var fromPairs):
                return fromPairs;
            case IEnumerable sequence:
                return FromSequence(sequence, depth);
        }

        return ReflectedValues.ReadProperties(value, depth);
    }

    /// <summary>Throws when values nest deeper than the limit, which is how a cycle shows itself.</summary>
    public static void CheckDepth(int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException($"Event values nest deeper than {MaxDepth} levels (is there a cycle?).");
        }
    }

    private static bool IsScalar(object value) => value is string or bool or char or byte or sbyte or short or ushort
        or int or uint or long or ulong or float or double or decimal or Half or Int128 or UInt128
        or DateTime or DateTimeOffset or DateOnly or TimeOnly or TimeSpan or Guid or Uri or Enum or byte[];

    // C# names anonymous types "<>f__AnonymousType…", a name no user type can have. Asked once per type: the
    // answer is cached in TypeShapes.
    public static bool IsAnonymous(Type type) =>
        type.Name.StartsWith("<>f__AnonymousType", StringComparison.Ordinal) && type.IsSealed && type.IsGenericType;

    private static NormalizedDictionary FromPairs(IEnumerable<KeyValuePair<string, object?>> pairs, int depth)
    {
        // Sized up front when the count is known: growing a dictionary entry by entry copies it several times.
        var dict = pairs.TryGetNonEnumeratedCount(out var count) ? new NormalizedDictionary(count) : new NormalizedDictionary();
        foreach (var (key, item) in pairs)
        {
            dict[key ?? throw new ArgumentException("Event values may not have a null key.")] = Normalize(item, depth + 1);
        }

        return dict;
    }

    private static NormalizedDictionary FromDictionary(IDictionary dictionary, int depth)
    {
        var dict = new NormalizedDictionary(dictionary.Count);
        foreach (DictionaryEntry entry in dictionary)
        {
            var key = entry.Key as string ?? Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture)
                ?? throw new ArgumentException("Event values may not have a null key.");
            dict[key] = Normalize(entry.Value, depth + 1);
        }

        return dict;
    }

    private static NormalizedList FromSequence(IEnumerable sequence, int depth)
    {
        var list = sequence is ICollection collection ? new NormalizedList(collection.Count) : new NormalizedList();
        foreach (var item in sequence)
        {
            list.Add(Normalize(item, depth + 1));
        }

        return list;
    }

    private static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => FromJsonObject(element),
        JsonValueKind.Array => FromJsonArray(element),
        JsonValueKind.String => element.GetString(),
        // Boxed apart: a conditional of long and double would widen every integer to double.
        JsonValueKind.Number => element.TryGetInt64(out var l) ? (object)l : FiniteDouble(element),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    // A number beyond a double's range would otherwise read as infinity and be written back as the text "Infinity".
    private static double FiniteDouble(JsonElement element)
    {
        var value = element.GetDouble();
        if (double.IsFinite(value))
        {
            return value;
        }

        var text = element.GetRawText();
        throw new JsonException($"it holds the number {(text.Length > 40 ? text[..40] + "…" : text)}, which is beyond the range of a double.");
    }

    private static NormalizedDictionary FromJsonObject(JsonElement element)
    {
        var dict = new NormalizedDictionary(element.GetPropertyCount());
        foreach (var property in element.EnumerateObject())
        {
            dict[property.Name] = FromJson(property.Value);
        }

        return dict;
    }

    private static NormalizedList FromJsonArray(JsonElement element)
    {
        var list = new NormalizedList(element.GetArrayLength());
        foreach (var item in element.EnumerateArray())
        {
            list.Add(FromJson(item));
        }

        return list;
    }
}
