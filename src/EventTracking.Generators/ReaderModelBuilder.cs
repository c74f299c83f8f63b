using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EventTracking.Generators;

/// <summary>
/// Works out the readers one value needs: one for its own type and one for every object-shaped type nested in it, with
/// the property list of each as System.Text.Json would see it (<c>[JsonPropertyName]</c>, <c>[JsonIgnore]</c>).
/// </summary>
internal sealed class ReaderModelBuilder
{
    private const string JsonIgnore = "global::System.Text.Json.Serialization.JsonIgnoreAttribute";
    private const string JsonPropertyName = "global::System.Text.Json.Serialization.JsonPropertyNameAttribute";

    private readonly Compilation _compilation;
    private readonly Dictionary<string, ReaderModel?> _readers = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly SortedDictionary<string, string> _helpers = new(StringComparer.Ordinal);

    public ReaderModelBuilder(Compilation compilation) => _compilation = compilation;

    public ImmutableArray<ReaderModel> Readers => [.. _order.Select(k => _readers[k]!)];

    public ImmutableArray<string> Helpers => [.. _helpers.Values];

    /// <summary>The key of the reader for an object-shaped type, built with its nested readers; null if none can be written.</summary>
    public string? ReaderFor(ITypeSymbol type, bool allowFramework = false)
    {
        if (!IsObjectShaped(type, allowFramework))
        {
            return null;
        }

        var anonymous = type.IsAnonymousType;
        var key = anonymous ? Example(type) : type.ToDisplayString(TypeFacts.FullName);
        if (key is null || (!anonymous && !TypeFacts.IsSpeakable(type, _compilation.Assembly, _compilation)))
        {
            return null;
        }

        if (_readers.ContainsKey(key))
        {
            return key;
        }

        _readers[key] = null;
        var properties = anonymous ? AnonymousProperties((INamedTypeSymbol)type) : NamedProperties(type);
        var register = anonymous || type is INamedTypeSymbol { TypeKind: TypeKind.Struct } or INamedTypeSymbol { TypeKind: TypeKind.Class, IsAbstract: false };
        _readers[key] = new ReaderModel(key, anonymous ? ReaderKind.Anonymous : ReaderKind.Named, key, register, new([.. properties]));
        _order.Add(key);
        return key;
    }

    /// <summary>The key of a reader for a sequence of string-keyed pairs, such as <c>IReadOnlyDictionary&lt;string, int&gt;</c>.</summary>
    public string? PairsReaderFor(ITypeSymbol type, ITypeSymbol valueType)
    {
        if (!TypeFacts.IsSpeakable(type, _compilation.Assembly, _compilation))
        {
            return null;
        }

        var key = "pairs:" + type.ToDisplayString(TypeFacts.FullName);
        if (!_readers.ContainsKey(key))
        {
            var value = Property("Value", "pair.Value", valueType, 0);
            var register = type is INamedTypeSymbol { TypeKind: TypeKind.Struct } or INamedTypeSymbol { TypeKind: TypeKind.Class, IsAbstract: false };
            _readers[key] = new ReaderModel(key, ReaderKind.Pairs, type.ToDisplayString(TypeFacts.FullName), register, new([value]));
            _order.Add(key);
        }

        return key;
    }

    /// <summary>Whether a reader can be written for the type: a class, struct, record, interface or anonymous type.</summary>
    public static bool IsObjectShaped(ITypeSymbol type, bool allowFramework = false) =>
        type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct or TypeKind.Interface } named
        && named.SpecialType is SpecialType.None
        && !named.IsUnboundGenericType
        && TypeFacts.UnwrapNullable(named) is null
        && !TypeFacts.IsScalar(named)
        && !TypeFacts.IsEnumerable(named)
        && !named.IsRefLikeType
        && (named.IsAnonymousType || allowFramework || !TypeFacts.IsFramework(named));

    /// <summary>
    /// An expression whose type is <paramref name="type"/>, never evaluated: anonymous types cannot be named, but an
    /// anonymous object with the same property names and types in the same assembly has the same type.
    /// </summary>
    public string? Example(ITypeSymbol type)
    {
        if (TypeFacts.IsSpeakable(type, _compilation.Assembly, _compilation))
        {
            return $"default({type.ToDisplayString(TypeFacts.FullName)})";
        }

        switch (type)
        {
            case INamedTypeSymbol { IsAnonymousType: true } anonymous:
                var parts = new List<string>();
                foreach (var property in anonymous.GetMembers().OfType<IPropertySymbol>())
                {
                    if (Example(property.Type) is not { } example)
                    {
                        return null;
                    }

                    parts.Add($"{Identifier(property.Name)} = {example}");
                }

                return parts.Count == 0 ? "new { }" : $"new {{ {string.Join(", ", parts)} }}";
            case IArrayTypeSymbol { Rank: 1 } array:
                return Example(array.ElementType) is { } element ? $"new[] {{ {element} }}" : null;
            case INamedTypeSymbol { IsGenericType: true, ContainingType: null } generic:
                return GenericExample(generic);
            default:
                return null;
        }
    }

    private string? GenericExample(INamedTypeSymbol generic)
    {
        var definition = generic.OriginalDefinition;
        if (!_compilation.IsSymbolAccessibleWithin(definition, _compilation.Assembly)
            || definition.TypeParameters.Any(p => p.HasReferenceTypeConstraint || p.HasValueTypeConstraint
                || p.HasUnmanagedTypeConstraint || p.HasNotNullConstraint || p.HasConstructorConstraint || p.ConstraintTypes.Length > 0))
        {
            return null;
        }

        var arguments = new List<string>();
        foreach (var argument in generic.TypeArguments)
        {
            if (Example(argument) is not { } example)
            {
                return null;
            }

            arguments.Add(example);
        }

        var name = "ExampleOf_" + new string(definition.ToDisplayString(TypeFacts.FullName).Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray());
        var typeParameters = string.Join(", ", definition.TypeParameters.Select(p => p.Name));
        var parameters = string.Join(", ", definition.TypeParameters.Select((p, i) => $"{p.Name} a{i}"));
        _helpers[name] = $"private static {definition.ToDisplayString(TypeFacts.FullName)} {name}<{typeParameters}>({parameters}) => default!;";
        return $"{name}({string.Join(", ", arguments)})";
    }

    private List<PropertyModel> AnonymousProperties(INamedTypeSymbol type) =>
        [.. type.GetMembers().OfType<IPropertySymbol>().Select(p => Property(p.Name, "v." + Identifier(p.Name), p.Type, 0))];

    private List<PropertyModel> NamedProperties(ITypeSymbol type)
    {
        var result = new List<PropertyModel>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        IEnumerable<ITypeSymbol> declaring = type.TypeKind == TypeKind.Interface ? new[] { type }.Concat(type.AllInterfaces) : BaseTypes(type);
        foreach (var declaringType in declaring)
        {
            foreach (var property in declaringType.GetMembers().OfType<IPropertySymbol>())
            {
                if (property.IsStatic || property.IsIndexer || property.DeclaredAccessibility != Accessibility.Public
                    || property.GetMethod is not { DeclaredAccessibility: Accessibility.Public }
                    || property.Type.IsRefLikeType || property.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer
                    || !seen.Add(property.Name))
                {
                    continue;
                }

                var ignore = 0;
                var name = property.Name;
                foreach (var attribute in property.GetAttributes())
                {
                    var attributeName = attribute.AttributeClass?.ToDisplayString(TypeFacts.FullName);
                    if (attributeName == JsonPropertyName && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string renamed)
                    {
                        name = renamed;
                    }
                    else if (attributeName == JsonIgnore)
                    {
                        // JsonIgnoreCondition: Never 0, Always 1, WhenWritingDefault 2, WhenWritingNull 3.
                        var condition = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Condition").Value.Value as int? ?? 1;
                        ignore = condition switch { 1 => -1, 2 => 2, 3 => 1, _ => 0 };
                    }
                }

                if (ignore == -1)
                {
                    continue;
                }

                if (ignore == 1 && property.Type.IsValueType && TypeFacts.UnwrapNullable(property.Type) is null)
                {
                    ignore = 0;
                }

                result.Add(Property(name, "v." + Identifier(property.Name), property.Type, ignore));
            }
        }

        return result;
    }

    private PropertyModel Property(string jsonName, string access, ITypeSymbol type, int ignore)
    {
        var typeName = TypeFacts.IsSpeakable(type, _compilation.Assembly, _compilation) ? type.ToDisplayString(TypeFacts.FullName) : null;
        if (ignore == 2 && typeName is null)
        {
            ignore = type.IsValueType ? 0 : 1;
        }

        if (TypeFacts.IsScalar(type))
        {
            return new PropertyModel(jsonName, access, WriteKind.Scalar, null, ignore, typeName);
        }

        var objectType = TypeFacts.UnwrapNullable(type) ?? type;
        if (ReaderFor(objectType) is { } nested)
        {
            return new PropertyModel(jsonName, access, WriteKind.Object, nested, ignore, typeName);
        }

        // Collections and dictionaries are normalized by the library; register readers for what they hold.
        if (TypeFacts.PairValueType(type) is { } pairValue)
        {
            ReaderFor(TypeFacts.UnwrapNullable(pairValue) ?? pairValue);
        }
        else if (TypeFacts.ElementType(type) is { } element)
        {
            ReaderFor(TypeFacts.UnwrapNullable(element) ?? element);
        }

        return new PropertyModel(jsonName, access, WriteKind.Any, null, ignore, typeName);
    }

    private static IEnumerable<ITypeSymbol> BaseTypes(ITypeSymbol type)
    {
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object
            && current.SpecialType != SpecialType.System_ValueType; current = current.BaseType)
        {
            yield return current;
        }
    }

    private static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None
            ? "@" + name
            : name;
}
