using System.Collections.Concurrent;

namespace EventTracking;

/// <summary>
/// The properties of a flat anonymous type (every property a scalar), so its instances can be read in place: such an
/// object is immutable all the way down, and its values are already what normalizing it would give.
/// </summary>
internal sealed class AnonymousShape
{
    private static readonly ConcurrentDictionary<Type, AnonymousShape?> Cache = new();

    private static readonly HashSet<Type> ScalarTypes =
    [
        typeof(string), typeof(bool), typeof(char), typeof(byte), typeof(sbyte), typeof(short), typeof(ushort), typeof(int),
        typeof(uint), typeof(long), typeof(ulong), typeof(float), typeof(double), typeof(decimal), typeof(Half),
        typeof(Int128), typeof(UInt128), typeof(DateTime), typeof(DateTimeOffset), typeof(DateOnly), typeof(TimeOnly),
        typeof(TimeSpan), typeof(Guid), typeof(byte[]),
    ];

    private readonly PropertyReader[] _readers;

    private AnonymousShape(PropertyReader[] readers) => _readers = readers;

    public int Count => _readers.Length;

    /// <summary>The shape of <paramref name="value"/>'s type when it is a flat anonymous type; otherwise <see langword="null"/>.</summary>
    public static AnonymousShape? Of(object value)
    {
        var type = value.GetType();
        return Cache.TryGetValue(type, out var shape) ? shape : Cache.GetOrAdd(type, Build(type));
    }

    public string NameAt(int index) => _readers[index].Name;

    public object? ValueAt(object instance, int index) => _readers[index].Read(instance);

    public bool TryGetValue(object instance, string key, out object? value)
    {
        var readers = _readers;
        for (var i = 0; i < readers.Length; i++)
        {
            if (string.Equals(readers[i].Name, key, StringComparison.Ordinal))
            {
                value = readers[i].Read(instance);
                return true;
            }
        }

        value = null;
        return false;
    }

    // C# anonymous types are generic over their property types, in declaration order.
    private static AnonymousShape? Build(Type type)
    {
        if (!EventValues.IsAnonymous(type) || !Array.TrueForAll(type.GetGenericArguments(), IsScalar))
        {
            return null;
        }

        var readers = PropertyReader.For(type);
        return readers.Length == type.GetGenericArguments().Length ? new AnonymousShape(readers) : null;
    }

    // The declared types whose every value EventValues.Normalize keeps as it is.
    private static bool IsScalar(Type type) =>
        ScalarTypes.Contains(type) || type.IsEnum || typeof(Uri).IsAssignableFrom(type)
        || (Nullable.GetUnderlyingType(type) is { } underlying && IsScalar(underlying));
}
