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
        value is not null && IsAnonymous(value.GetType()) ? value : ToDictionary(value);

    /// <summary>Reads what <see cref="Capture"/> kept, normalizing a deferred anonymous object once.</summary>
    public static IReadOnlyDictionary<string, object?> Read(ref object captured) =>
        captured as IReadOnlyDictionary<string, object?> ?? (IReadOnlyDictionary<string, object?>)(captured = ToDictionary(captured));

    public static IReadOnlyDictionary<string, object?> ToDictionary(object? value)
    {
        if (value is null)
        {
            return Empty;
        }

        if (value is NormalizedDictionary normalized)
        {
            return normalized;
        }

        return Normalize(value, 0) as IReadOnlyDictionary<string, object?>
            ?? throw new ArgumentException(
                $"Values of type {value.GetType()} cannot be used as event data or context: pass an anonymous object, a dictionary or key/value pairs.",
                nameof(value));
    }

    /// <summary>
    /// <paramref name="over"/>'s values on top of <paramref name="under"/>'s (the keys of <paramref name="over"/> win);
    /// either dictionary itself when the other is empty.
    /// </summary>
    public static IReadOnlyDictionary<string, object?> Overlay(IReadOnlyDictionary<string, object?> under, IReadOnlyDictionary<string, object?> over)
    {
        if (over.Count == 0)
        {
            return under;
        }

        if (under.Count == 0)
        {
            return over;
        }

        var merged = new NormalizedDictionary(under);
        foreach (var (key, value) in over)
        {
            merged[key] = value;
        }

        return merged;
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
            case NormalizedDictionary or NormalizedList:
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

    // C# names anonymous types "<>f__AnonymousType…", a name no user type can have; reading a RuntimeType's
    // name is cached by the runtime, so this costs a few nanoseconds on every emit, unlike an attribute lookup.
    private static bool IsAnonymous(Type type) =>
        type.Name.StartsWith("<>f__AnonymousType", StringComparison.Ordinal) && type.IsSealed && type.IsGenericType;

    private static NormalizedDictionary FromPairs(IEnumerable<KeyValuePair<string, object?>> pairs, int depth)
    {
        var dict = new NormalizedDictionary();
        foreach (var (key, item) in pairs)
        {
            dict[key ?? throw new ArgumentException("Event values may not have a null key.")] = Normalize(item, depth + 1);
        }

        return dict;
    }

    private static NormalizedDictionary FromDictionary(IDictionary dictionary, int depth)
    {
        var dict = new NormalizedDictionary();
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
        var list = new NormalizedList();
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
        JsonValueKind.Number => element.TryGetInt64(out var l) ? (object)l : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static NormalizedDictionary FromJsonObject(JsonElement element)
    {
        var dict = new NormalizedDictionary();
        foreach (var property in element.EnumerateObject())
        {
            dict[property.Name] = FromJson(property.Value);
        }

        return dict;
    }

    private static NormalizedList FromJsonArray(JsonElement element)
    {
        var list = new NormalizedList();
        foreach (var item in element.EnumerateArray())
        {
            list.Add(FromJson(item));
        }

        return list;
    }
}
