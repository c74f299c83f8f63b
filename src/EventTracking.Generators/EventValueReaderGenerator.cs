using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace EventTracking.Generators;

/// <summary>
/// Writes, at compile time, the property readers for the values an application passes to <c>Emit</c>,
/// <c>EmitAsync</c>, <c>Context</c> and <c>EnterContext</c>, so trimmed and Native AOT applications keep every property.
/// Calls with a value of a named type are intercepted and read by the generated reader; anonymous objects keep being
/// read lazily, through the reader registered for their type. A call whose value cannot be covered (typed
/// <c>object</c>, an unconstrained type parameter) gets warning ET0001 in a trimmed or AOT project.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class EventValueReaderGenerator : IIncrementalGenerator
{
    private static readonly string[] TrimProperties =
        ["PublishAot", "PublishTrimmed", "IsTrimmable", "IsAotCompatible", "EnableTrimAnalyzer", "EnableAotAnalyzer"];

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var sites = context.SyntaxProvider
            .CreateSyntaxProvider(static (node, _) => CallSiteAnalyzer.IsCandidate(node), CallSiteAnalyzer.Analyze)
            .Where(static site => site is not null)
            .Select(static (site, _) => site!);

        var trimmed = context.AnalyzerConfigOptionsProvider.Select(static (options, _) => IsTrimmed(options.GlobalOptions));

        context.RegisterSourceOutput(sites.Collect().Combine(trimmed), static (output, input) =>
        {
            var (all, isTrimmed) = input;
            if (isTrimmed)
            {
                foreach (var site in all)
                {
                    if (site.WarningLocation is { } l)
                    {
                        var location = Location.Create(
                            l.Path,
                            new Microsoft.CodeAnalysis.Text.TextSpan(l.Start, l.Length),
                            new Microsoft.CodeAnalysis.Text.LinePositionSpan(new(l.StartLine, l.StartColumn), new(l.EndLine, l.EndColumn)));
                        output.ReportDiagnostic(Diagnostic.Create(Diagnostics.ReadByReflection, location, site.WarningMethod, site.WarningType));
                    }
                }
            }

            if (SourceEmitter.Emit(all) is { } source)
            {
                output.AddSource("EventTrackingReaders.g.cs", source);
            }
        });
    }

    private static bool IsTrimmed(AnalyzerConfigOptions options) =>
        TrimProperties.Any(name => options.TryGetValue("build_property." + name, out var value)
            && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase));
}
