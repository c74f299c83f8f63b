using Microsoft.CodeAnalysis;

namespace EventTracking.Generators;

/// <summary>The diagnostics the generator reports.</summary>
internal static class Diagnostics
{
    public static readonly DiagnosticDescriptor ReadByReflection = new(
        id: "ET0001",
        title: "Event values read by reflection in a trimmed application",
        messageFormat: "The value passed to {0} has type '{1}', for which EventTracking cannot generate a reader; it will be read by reflection, which trimming and Native AOT may break (properties silently missing). Pass a value of a concrete, accessible type, or a dictionary.",
        category: "EventTracking.Trimming",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: "https://github.com/eventtracking/eventtracking-dotnet/blob/main/docs/aot.md#et0001");
}
