using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace EventTracking;

/// <summary>
/// The reflection fallback for values no generated reader covers: a value passed as <see cref="object"/> or through an
/// unconstrained type parameter, or a key/value sequence of a type nobody declared. The source generator warns
/// (ET0001) at such call sites in trimmed and Native AOT projects, where reflection may find properties removed.
/// </summary>
internal static class ReflectedValues
{
    private const string TrimMessage =
        "Values of types without a generated reader are read by reflection; trimming may remove their properties.";

    private const string Justification =
        "The source generator writes readers for every value whose type is known at the call site and warns (ET0001) " +
        "in trimmed projects at every call it cannot cover, so this fallback is never reached silently.";

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = Justification)]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = Justification)]
    public static NormalizedDictionary ReadProperties(object value, int depth) => ReadPropertiesByReflection(value, depth);

    // KeyValuePair<string, T> for any T, such as IReadOnlyDictionary<string, int> or a list of pairs.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = Justification)]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = Justification)]
    public static bool TryReadPairs(IEnumerable sequence, int depth, out object? result) =>
        TryReadPairsByReflection(sequence, depth, out result);

    [RequiresUnreferencedCode(TrimMessage)]
    [RequiresDynamicCode(TrimMessage)]
    private static NormalizedDictionary ReadPropertiesByReflection(object value, int depth)
    {
        var dict = new NormalizedDictionary();
        foreach (var property in PropertyReader.For(value.GetType()))
        {
            if (property.TryRead(value, out var item))
            {
                dict[property.Name] = EventValues.Normalize(item, depth + 1);
            }
        }

        return dict;
    }

    [RequiresUnreferencedCode(TrimMessage)]
    [RequiresDynamicCode(TrimMessage)]
    private static bool TryReadPairsByReflection(IEnumerable sequence, int depth, out object? result)
    {
        var pairType = FindPairType(sequence.GetType());
        if (pairType is null)
        {
            result = null;
            return false;
        }

        var key = pairType.GetProperty("Key")!;
        var val = pairType.GetProperty("Value")!;
        var dict = new NormalizedDictionary();
        foreach (var item in sequence)
        {
            var k = (string?)key.GetValue(item) ?? throw new ArgumentException("Event values may not have a null key.");
            dict[k] = EventValues.Normalize(val.GetValue(item), depth + 1);
        }

        result = dict;
        return true;
    }

    [RequiresUnreferencedCode(TrimMessage)]
    private static Type? FindPairType(Type type)
    {
        foreach (var candidate in type.GetInterfaces().Prepend(type))
        {
            if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            {
                var element = candidate.GetGenericArguments()[0];
                if (element.IsGenericType && element.GetGenericTypeDefinition() == typeof(KeyValuePair<,>)
                    && element.GetGenericArguments()[0] == typeof(string))
                {
                    return element;
                }
            }
        }

        return null;
    }
}
