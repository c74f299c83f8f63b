using Microsoft.CodeAnalysis;

namespace EventTracking.Generators;

/// <summary>What the generator needs to know about a type: is it a scalar, a collection, something the library reads natively.</summary>
internal static class TypeFacts
{
    public static readonly SymbolDisplayFormat FullName = SymbolDisplayFormat.FullyQualifiedFormat;

    public static readonly SymbolDisplayFormat AnnotatedName = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static readonly HashSet<string> ScalarNames =
    [
        "global::System.Half", "global::System.Int128", "global::System.UInt128", "global::System.DateTimeOffset",
        "global::System.DateOnly", "global::System.TimeOnly", "global::System.TimeSpan", "global::System.Guid",
        "global::System.Uri",
    ];

    /// <summary>The scalars the library keeps as they are (its own list, in EventValues.IsScalar).</summary>
    public static bool IsScalar(ITypeSymbol type)
    {
        if (UnwrapNullable(type) is { } underlying)
        {
            return IsScalar(underlying);
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return true;
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_String or SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_Byte
                or SpecialType.System_SByte or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32
                or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Single
                or SpecialType.System_Double or SpecialType.System_Decimal or SpecialType.System_DateTime:
                return true;
        }

        if (type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte })
        {
            return true;
        }

        return ScalarNames.Contains(type.ToDisplayString(FullName));
    }

    /// <summary>The T of a <c>Nullable&lt;T&gt;</c>, else <see langword="null"/>.</summary>
    public static ITypeSymbol? UnwrapNullable(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            ? nullable.TypeArguments[0]
            : null;

    /// <summary>Types the library reads without reflection: dictionaries, pairs of string and object, JSON elements.</summary>
    public static bool IsReadNatively(ITypeSymbol type)
    {
        // A JsonElement? boxes as null or as the JsonElement itself.
        if (UnwrapNullable(type) is { } underlying)
        {
            return IsReadNatively(underlying);
        }

        if (type.ToDisplayString(FullName) == "global::System.Text.Json.JsonElement")
        {
            return true;
        }

        foreach (var candidate in SelfAndInterfaces(type))
        {
            if (candidate.ToDisplayString(FullName) == "global::System.Collections.IDictionary")
            {
                return true;
            }

            if (PairValue(candidate) is { SpecialType: SpecialType.System_Object })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The V of the <c>IEnumerable&lt;KeyValuePair&lt;string, V&gt;&gt;</c> a type implements, else <see langword="null"/>.</summary>
    public static ITypeSymbol? PairValueType(ITypeSymbol type)
    {
        foreach (var candidate in SelfAndInterfaces(type))
        {
            if (PairValue(candidate) is { } value)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The T of the <c>IEnumerable&lt;T&gt;</c> a type implements, else <see langword="null"/>.</summary>
    public static ITypeSymbol? ElementType(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            return array.ElementType;
        }

        foreach (var candidate in SelfAndInterfaces(type))
        {
            if (candidate is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Collections_Generic_IEnumerable_T } enumerable)
            {
                return enumerable.TypeArguments[0];
            }
        }

        return null;
    }

    /// <summary>Whether the type is a collection (the library writes it as a list).</summary>
    public static bool IsEnumerable(ITypeSymbol type) =>
        type is IArrayTypeSymbol
        || SelfAndInterfaces(type).Any(t => t.SpecialType == SpecialType.System_Collections_IEnumerable);

    /// <summary>Whether the type belongs to the framework (System.*, Microsoft.*), whose types we leave to the library.</summary>
    public static bool IsFramework(ITypeSymbol type)
    {
        var ns = type.ContainingNamespace;
        while (ns is { ContainingNamespace.IsGlobalNamespace: false })
        {
            ns = ns.ContainingNamespace;
        }

        return ns is { Name: "System" or "Microsoft" };
    }

    /// <summary>Whether generated code in <paramref name="assembly"/> can name the type (no type parameters, anonymous types or private types).</summary>
    public static bool IsSpeakable(ITypeSymbol type, IAssemblySymbol assembly, Compilation compilation) => type switch
    {
        { TypeKind: TypeKind.Dynamic } => true,
        IArrayTypeSymbol array => IsSpeakable(array.ElementType, assembly, compilation),
        INamedTypeSymbol { IsAnonymousType: true } => false,
        INamedTypeSymbol named => named.TypeKind != TypeKind.Error
            && compilation.IsSymbolAccessibleWithin(named.OriginalDefinition, assembly)
            && named.TypeArguments.All(a => IsSpeakable(a, assembly, compilation))
            && (named.ContainingType is null || IsSpeakable(named.ContainingType, assembly, compilation)),
        _ => false,
    };

    private static ITypeSymbol? PairValue(ITypeSymbol candidate) =>
        candidate is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Collections_Generic_IEnumerable_T } enumerable
        && enumerable.TypeArguments[0] is INamedTypeSymbol pair
        && pair.OriginalDefinition.ToDisplayString(FullName) == "global::System.Collections.Generic.KeyValuePair<TKey, TValue>"
        && pair.TypeArguments[0].SpecialType == SpecialType.System_String
            ? pair.TypeArguments[1]
            : null;

    private static IEnumerable<ITypeSymbol> SelfAndInterfaces(ITypeSymbol type) => new[] { type }.Concat(type.AllInterfaces);
}
