using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace EventTracking;

/// <summary>
/// The properties of a flat anonymous type (every property a scalar), so its instances can be read in place: such an
/// object is immutable all the way down, and its values are already what normalizing it would give.
/// </summary>
internal sealed class AnonymousShape
{
    private static readonly HashSet<Type> ScalarTypes =
    [
        typeof(string), typeof(bool), typeof(char), typeof(byte), typeof(sbyte), typeof(short), typeof(ushort), typeof(int),
        typeof(uint), typeof(long), typeof(ulong), typeof(float), typeof(double), typeof(decimal), typeof(Half),
        typeof(Int128), typeof(UInt128), typeof(DateTime), typeof(DateTimeOffset), typeof(DateOnly), typeof(TimeOnly),
        typeof(TimeSpan), typeof(Guid), typeof(byte[]),
    ];

    private static readonly System.Buffers.SearchValues<char> PlainNameCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

    private readonly PropertyReader[] _readers;
    private readonly JsonEncodedText?[] _encodedNames;
    private readonly Action<Utf8JsonWriter, object>?[] _writers;

    private AnonymousShape(PropertyReader[] readers, Action<Utf8JsonWriter, object>?[] writers)
    {
        _readers = readers;
        _writers = writers;
        _encodedNames = Array.ConvertAll(readers, r => IsPlainAscii(r.Name) ? JsonEncodedText.Encode(r.Name) : (JsonEncodedText?)null);
    }

    public int Count => _readers.Length;

    /// <summary>The shape of <paramref name="value"/>'s type when it is a flat anonymous type; otherwise <see langword="null"/>.</summary>
    public static AnonymousShape? Of(object value) => TypeShapes.Of(value.GetType()).Shape;

    public string NameAt(int index) => _readers[index].Name;

    /// <summary>The property name as JSON, when no encoder would escape it (ASCII letters, digits, '_'); otherwise <see langword="null"/>.</summary>
    public JsonEncodedText? EncodedNameAt(int index) => _encodedNames[index];

    // Anonymous types carry no JsonIgnore attributes, so every property reads.
    public object? ValueAt(object instance, int index) => _readers[index].TryRead(instance, out var value) ? value : null;

    /// <summary>Writes the property at <paramref name="index"/> as JSON without boxing it, when its type allows (see <see cref="ScalarJson"/>).</summary>
    /// <returns>Whether the value was written; if not, write <see cref="ValueAt"/> instead.</returns>
    public bool TryWriteAt(Utf8JsonWriter writer, object instance, int index)
    {
        if (_writers[index] is not { } write)
        {
            return false;
        }

        write(writer, instance);
        return true;
    }

    /// <summary>Whether the type has a property named <paramref name="key"/>; compares names only, reads nothing.</summary>
    public bool ContainsKey(string key)
    {
        var readers = _readers;
        for (var i = 0; i < readers.Length; i++)
        {
            if (string.Equals(readers[i].Name, key, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public bool TryGetValue(object instance, string key, out object? value)
    {
        var readers = _readers;
        for (var i = 0; i < readers.Length; i++)
        {
            if (string.Equals(readers[i].Name, key, StringComparison.Ordinal))
            {
                return readers[i].TryRead(instance, out value);
            }
        }

        value = null;
        return false;
    }

    // C# anonymous types are generic over their property types, in declaration order. Their properties are read by
    // reflection; where trimming removed them the readers come back short and the type is normalized instead (by its
    // generated reader, when there is one).
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "A type whose properties were trimmed away is not read in place; see above.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "A type whose properties were trimmed away is not read in place; see above.")]
    public static AnonymousShape? Build(Type type)
    {
        if (!EventValues.IsAnonymous(type) || !Array.TrueForAll(type.GetGenericArguments(), IsScalar))
        {
            return null;
        }

        var readers = PropertyReader.For(type);
        return readers.Length == type.GetGenericArguments().Length
            ? new AnonymousShape(readers, Array.ConvertAll(readers, r => CompileWriter(type, r.Name)))
            : null;
    }

    // (writer, instance) => ScalarJson.Write(writer, ((T)instance).Property), for the types ScalarJson writes; only
    // where code is compiled (an interpreted expression would cost more than the box it saves).
    [RequiresDynamicCode("Compiles an expression tree.")]
    [RequiresUnreferencedCode("Reads a property found by reflection.")]
    private static Action<Utf8JsonWriter, object>? CompileWriter(Type type, string propertyName)
    {
        if (!RuntimeFeature.IsDynamicCodeCompiled || type.GetProperty(propertyName) is not { } property
            || Array.IndexOf(ScalarJson.Types, property.PropertyType) < 0
            || typeof(ScalarJson).GetMethod(nameof(ScalarJson.Write), [typeof(Utf8JsonWriter), property.PropertyType]) is not { } write)
        {
            return null;
        }

        var writer = Expression.Parameter(typeof(Utf8JsonWriter), "writer");
        var instance = Expression.Parameter(typeof(object), "instance");
        var body = Expression.Call(write, writer, Expression.Property(Expression.Convert(instance, type), property));
        return Expression.Lambda<Action<Utf8JsonWriter, object>>(body, writer, instance).Compile();
    }

    private static bool IsPlainAscii(string name) =>
        name.Length > 0 && name.AsSpan().IndexOfAnyExcept(PlainNameCharacters) < 0;

    // The declared types whose every value EventValues.Normalize keeps as it is.
    private static bool IsScalar(Type type) =>
        ScalarTypes.Contains(type) || type.IsEnum || typeof(Uri).IsAssignableFrom(type)
        || (Nullable.GetUnderlyingType(type) is { } underlying && IsScalar(underlying));
}
