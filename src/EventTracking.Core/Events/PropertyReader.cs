using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;

namespace EventTracking;

/// <summary>
/// Reads one public instance property of a type by reflection, cached per type: the fallback for values no generated
/// reader covers. Honours <see cref="JsonPropertyNameAttribute"/> and <see cref="JsonIgnoreAttribute"/> as the
/// generated readers do, so a value reads the same either way.
/// </summary>
internal sealed class PropertyReader
{
    private const string Message = "Reads properties by reflection; trimming may remove them.";

    private static readonly ConcurrentDictionary<Type, PropertyReader[]> Cache = new();

    private readonly Func<object, object?> _getter;
    private readonly JsonIgnoreCondition _ignore;
    private readonly object? _default;

    private PropertyReader(string name, Func<object, object?> getter, JsonIgnoreCondition ignore, object? defaultValue)
    {
        Name = name;
        _getter = getter;
        _ignore = ignore;
        _default = defaultValue;
    }

    /// <summary>The key the value is written under: its <see cref="JsonPropertyNameAttribute"/>, else its name.</summary>
    public string Name { get; }

    /// <summary>Reads the property, unless its <see cref="JsonIgnoreAttribute"/> condition leaves it out.</summary>
    public bool TryRead(object instance, out object? value)
    {
        value = _getter(instance);
        return _ignore switch
        {
            JsonIgnoreCondition.WhenWritingNull => value is not null,
            JsonIgnoreCondition.WhenWritingDefault => value is not null && !value.Equals(_default),
            _ => true,
        };
    }

    [RequiresUnreferencedCode(Message)]
    [RequiresDynamicCode(Message)]
    public static PropertyReader[] For(Type type) => Cache.GetOrAdd(type, Build);

    [RequiresUnreferencedCode(Message)]
    [RequiresDynamicCode(Message)]
    private static PropertyReader[] Build(Type type)
    {
        var readers = new List<PropertyReader>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanRead || property.GetIndexParameters().Length != 0 || property.GetMethod?.IsPublic != true
                || property.PropertyType.IsByRefLike || property.PropertyType.IsPointer)
            {
                continue;
            }

            var ignore = property.GetCustomAttribute<JsonIgnoreAttribute>()?.Condition ?? JsonIgnoreCondition.Never;
            if (ignore == JsonIgnoreCondition.Always)
            {
                continue;
            }

            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? property.Name;
            var defaultValue = property.PropertyType.IsValueType && Nullable.GetUnderlyingType(property.PropertyType) is null
                ? RuntimeHelpers.GetUninitializedObject(property.PropertyType)
                : null;
            readers.Add(new PropertyReader(name, Compile(type, property), ignore, defaultValue));
        }

        return [.. readers];
    }

    [RequiresDynamicCode(Message)]
    private static Func<object, object?> Compile(Type type, PropertyInfo property)
    {
        if (!RuntimeFeature.IsDynamicCodeCompiled)
        {
            // Without a JIT an expression tree would only be interpreted: a plain reflection call is as fast and simpler.
            return property.GetValue;
        }

        var instance = Expression.Parameter(typeof(object), "instance");
        var body = Expression.Convert(Expression.Property(Expression.Convert(instance, type), property), typeof(object));
        return Expression.Lambda<Func<object, object?>>(body, instance).Compile();
    }
}
