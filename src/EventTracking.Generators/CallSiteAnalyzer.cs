using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace EventTracking.Generators;

/// <summary>
/// Looks at one call that may hand a value to EventTracking (Emit, EmitAsync, Context, EnterContext, the TrackingEvent
/// constructor, TrackerOptions.Context) and decides what it needs.
/// </summary>
internal static class CallSiteAnalyzer
{
    private static readonly ImmutableHashSet<string> InterceptedMethods = ["Emit", "EmitAsync", "Context", "EnterContext"];
    private static readonly ImmutableHashSet<string> ValueParameters = ["data", "values", "context"];

    public static bool IsCandidate(SyntaxNode node) => node switch
    {
        InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } invocation => invocation.Expression switch
        {
            MemberAccessExpressionSyntax member => InterceptedMethods.Contains(member.Name.Identifier.ValueText),
            IdentifierNameSyntax identifier => InterceptedMethods.Contains(identifier.Identifier.ValueText),
            _ => false,
        },
        ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: > 3 } => true,
        AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "Context" } or MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Context" } } => true,
        _ => false,
    };

    public static CallSiteModel? Analyze(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        var operation = context.SemanticModel.GetOperation(context.Node, cancellationToken);
        return operation switch
        {
            IInvocationOperation invocation => AnalyzeInvocation(context, invocation, cancellationToken),
            IObjectCreationOperation creation when IsOurs(creation.Constructor) => AnalyzeArguments(context, creation.Constructor!, creation.Arguments),
            ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment when IsOurs(property.Property)
                && property.Property.Type.SpecialType == SpecialType.System_Object => AnalyzeValue(context, assignment.Value, "TrackerOptions.Context", null),
            _ => null,
        };
    }

    private static CallSiteModel? AnalyzeInvocation(GeneratorSyntaxContext context, IInvocationOperation invocation, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        if (!IsOurs(method) || method.IsGenericMethod || method.IsExtensionMethod || !InterceptedMethods.Contains(method.Name)
            || ValueParameter(method) is not { } parameter)
        {
            return null;
        }

        var argument = invocation.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter, parameter));
        if (argument is null || argument.ArgumentKind == ArgumentKind.DefaultValue)
        {
            return null;
        }

        var location = context.SemanticModel.GetInterceptableLocation((InvocationExpressionSyntax)context.Node, cancellationToken);
        var interceptor = location is null ? null : new InterceptorModel(
            location.Version,
            location.Data,
            method.Name,
            method.ReturnsVoid ? "void" : method.ReturnType.ToDisplayString(TypeFacts.AnnotatedName),
            method.ContainingType.ToDisplayString(TypeFacts.FullName),
            method.IsStatic,
            new([.. method.Parameters.Select(p => new ParameterModel(p.Type.ToDisplayString(TypeFacts.AnnotatedName), "@" + p.Name, RefKindText(p.RefKind)))]),
            parameter.Ordinal,
            string.Empty);
        return AnalyzeValue(context, argument.Value, method.ContainingType.Name + "." + method.Name, interceptor);
    }

    private static CallSiteModel? AnalyzeArguments(GeneratorSyntaxContext context, IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments)
    {
        CallSiteModel? result = null;
        foreach (var argument in arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.DefaultValue && argument.Parameter is { Type.SpecialType: SpecialType.System_Object } p
                && ValueParameters.Contains(p.Name))
            {
                var site = AnalyzeValue(context, argument.Value, method.ContainingType.Name, null);
                result = result is null ? site : Merge(result, site);
            }
        }

        return result;
    }

    private static CallSiteModel? AnalyzeValue(GeneratorSyntaxContext context, IOperation value, string method, InterceptorModel? interceptor)
    {
        var operand = value is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand : value;
        var type = operand.Type;
        if (type is null || operand.ConstantValue is { HasValue: true, Value: null })
        {
            return null;
        }

        var builder = new ReaderModelBuilder(context.SemanticModel.Compilation);
        string? key = null;
        var covered = true;
        switch (type)
        {
            case { SpecialType: SpecialType.System_Object or SpecialType.System_ValueType } or { TypeKind: TypeKind.Dynamic }:
                covered = false;
                break;
            case ITypeParameterSymbol typeParameter:
                var constraint = typeParameter.ConstraintTypes.FirstOrDefault(c => c.TypeKind == TypeKind.Class)
                    ?? (typeParameter.ConstraintTypes.Length == 1 ? typeParameter.ConstraintTypes[0] : null);
                key = constraint is null ? null : builder.ReaderFor(constraint);
                covered = key is not null;
                break;
            case INamedTypeSymbol { IsAnonymousType: true }:
                // Anonymous objects are immutable: the library keeps them unread until someone reads the event, then
                // finds the reader registered for their type.
                covered = builder.ReaderFor(type) is not null;
                interceptor = null;
                break;
            default:
                if (TypeFacts.IsScalar(type) || TypeFacts.IsReadNatively(type))
                {
                    return null;
                }

                if (TypeFacts.PairValueType(type) is { } pairValue)
                {
                    key = builder.PairsReaderFor(type, pairValue);
                    covered = key is not null;
                }
                else if (TypeFacts.IsEnumerable(type))
                {
                    return null;
                }
                else
                {
                    key = builder.ReaderFor(type, allowFramework: true);
                    covered = key is not null;
                }

                break;
        }

        LocationModel? warning = null;
        if (!covered)
        {
            var span = operand.Syntax.GetLocation().GetLineSpan();
            warning = new LocationModel(
                operand.Syntax.SyntaxTree.FilePath, operand.Syntax.Span.Start, operand.Syntax.Span.Length,
                span.StartLinePosition.Line, span.StartLinePosition.Character, span.EndLinePosition.Line, span.EndLinePosition.Character);
        }

        return new CallSiteModel(
            key is null ? null : interceptor! with { ReaderKey = key },
            new(builder.Readers),
            new(builder.Helpers),
            warning,
            warning is null ? null : type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat),
            warning is null ? null : method);
    }

    private static CallSiteModel? Merge(CallSiteModel first, CallSiteModel? second) =>
        second is null ? first : first with
        {
            Readers = new([.. first.Readers, .. second.Readers]),
            Helpers = new([.. first.Helpers, .. second.Helpers]),
            WarningLocation = first.WarningLocation ?? second.WarningLocation,
            WarningType = first.WarningType ?? second.WarningType,
            WarningMethod = first.WarningMethod ?? second.WarningMethod,
        };

    private static IParameterSymbol? ValueParameter(IMethodSymbol method) =>
        method.Parameters.FirstOrDefault(p => p.Type.SpecialType == SpecialType.System_Object && ValueParameters.Contains(p.Name));

    private static bool IsOurs(ISymbol? symbol) =>
        symbol?.ContainingType is { } type
        && type.ContainingNamespace is { Name: "EventTracking", ContainingNamespace.IsGlobalNamespace: true }
        && type.ContainingAssembly.Name.StartsWith("EventTracking", StringComparison.Ordinal);

    private static string RefKindText(RefKind refKind) => refKind switch
    {
        RefKind.Ref => "ref ",
        RefKind.Out => "out ",
        RefKind.In => "in ",
        _ => string.Empty,
    };
}
