using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace EventTracking;

/// <summary>Reads the public instance properties of a type through compiled getters, cached per type.</summary>
internal sealed class PropertyReader
{
    private static readonly ConcurrentDictionary<Type, PropertyReader[]> Cache = new();

    private readonly Func<object, object?> _getter;

    private PropertyReader(string name, Func<object, object?> getter)
    {
        Name = name;
        _getter = getter;
    }

    public string Name { get; }

    public object? Read(object instance) => _getter(instance);

    public static PropertyReader[] For(Type type) => Cache.GetOrAdd(type, Build);

    private static PropertyReader[] Build(Type type)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.GetMethod!.IsPublic);
        return properties.Select(p => new PropertyReader(p.Name, Compile(type, p))).ToArray();
    }

    private static Func<object, object?> Compile(Type type, PropertyInfo property)
    {
        var instance = Expression.Parameter(typeof(object), "instance");
        var body = Expression.Convert(Expression.Property(Expression.Convert(instance, type), property), typeof(object));
        return Expression.Lambda<Func<object, object?>>(body, instance).Compile();
    }
}
