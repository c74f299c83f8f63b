namespace EventTracking.Generators;

/// <summary>How a generated reader writes one property.</summary>
internal enum WriteKind
{
    /// <summary>A scalar, written as it is.</summary>
    Scalar,

    /// <summary>A nested object with a generated reader of its own.</summary>
    Object,

    /// <summary>Anything else (collections, dictionaries, <c>object</c>), normalized by the library.</summary>
    Any,
}

/// <summary>What kind of type a reader reads.</summary>
internal enum ReaderKind
{
    /// <summary>A named class, struct, record or interface, cast by name.</summary>
    Named,

    /// <summary>An anonymous type, cast by example.</summary>
    Anonymous,

    /// <summary>A sequence of <c>KeyValuePair&lt;string, T&gt;</c>.</summary>
    Pairs,
}

/// <summary>One property a reader writes.</summary>
internal sealed record PropertyModel(
    string JsonName,
    string AccessName,
    WriteKind Kind,
    string? NestedKey,
    int Ignore,
    string? TypeName);

/// <summary>
/// A reader for one type. <see cref="Key"/> identifies it across call sites; <see cref="TypeExpression"/> is the type's
/// name or, for an anonymous type, an expression of that type.
/// </summary>
internal sealed record ReaderModel(
    string Key,
    ReaderKind Kind,
    string TypeExpression,
    bool Register,
    EquatableArray<PropertyModel> Properties);

/// <summary>A parameter of an intercepted method.</summary>
internal sealed record ParameterModel(string Type, string Name, string RefKind);

/// <summary>Where a diagnostic points, kept as plain values so the model stays comparable.</summary>
internal sealed record LocationModel(string Path, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn);

/// <summary>The interceptor for one call, when one is needed.</summary>
internal sealed record InterceptorModel(
    int Version,
    string Data,
    string MethodName,
    string ReturnType,
    string ContainingType,
    bool IsStatic,
    EquatableArray<ParameterModel> Parameters,
    int ValueIndex,
    string ReaderKey);

/// <summary>What one call site of Emit, Context, … needs: readers, perhaps an interceptor, perhaps a warning.</summary>
internal sealed record CallSiteModel(
    InterceptorModel? Interceptor,
    EquatableArray<ReaderModel> Readers,
    EquatableArray<string> Helpers,
    LocationModel? WarningLocation,
    string? WarningType,
    string? WarningMethod);
