using System.Text;
using EventTracking.Docs.Tests.Extraction;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EventTracking.Docs.Tests.Compilation;

/// <summary>
/// The class a fragment compiles in (documented in docs/contributing-docs.md): its statements become the body of an
/// <c>async Task</c> method, its type declarations go to namespace level, its <c>using</c> directives to the top.
/// </summary>
public static class FragmentScaffold
{
    /// <summary>The names a fragment may use without declaring them, with their types. A local of the same name shadows one.</summary>
    public static readonly IReadOnlyList<(string Type, string Name)> Fields =
    [
        ("string[]", "args"),
        ("WebApplicationBuilder", "builder"),
        ("WebApplication", "app"),
        ("IServiceCollection", "services"),
        ("IConfiguration", "configuration"),
        ("IConfigurationSection", "section"),
        ("IServiceProvider", "provider"),
        ("IServiceProvider", "serviceProvider"),
        ("Tracker", "tracker"),
        ("IBatchEventBackend", "myBatchBackend"),
        ("HttpBackendOptions", "options"),
        ("ILogger", "logger"),
        ("CancellationToken", "cancellationToken"),
    ];

    /// <summary>Builds the scaffold's source around a fragment, with <c>#line</c> directives pointing into the doc.</summary>
    public static string Build(DocBlock block)
    {
        var root = Parse(block.Code);
        var usings = new StringBuilder();
        var statements = new StringBuilder();
        var types = new StringBuilder();

        foreach (var directive in root.Usings)
        {
            usings.Append(Mapped(block, directive, directive.ToString()));
        }

        foreach (var member in root.Members)
        {
            switch (member)
            {
                case GlobalStatementSyntax statement:
                    statements.Append(Mapped(block, member, statement.Statement.ToString()));
                    break;
                case FieldDeclarationSyntax field:
                    // A script parses a top-level `var x = …;` as a field; in the method it is a local again.
                    var isConst = field.Modifiers.Any(m => m.IsKind(SyntaxKind.ConstKeyword));
                    statements.Append(Mapped(block, member, (isConst ? "const " : "") + field.Declaration + ";"));
                    break;
                case MethodDeclarationSyntax:
                    // A script parses a top-level function as a method; in the method it is a local function again.
                    statements.Append(Mapped(block, member, member.ToString()));
                    break;
                default:
                    types.Append(Mapped(block, member, member.ToString()));
                    break;
            }
        }

        var source = new StringBuilder();
        source.Append(usings);
        source.Append("namespace DocFragments;\n\ninternal static class DocFragment\n{\n");
        foreach (var (type, name) in Fields)
        {
            source.Append($"    internal static {type} {name} = default!;\n");
        }

        source.Append("\n    internal static async Task RunAsync()\n    {\n");
        source.Append(statements);
        source.Append("        await Task.CompletedTask;\n    }\n}\n");
        source.Append(types);
        return source.ToString();
    }

    /// <summary>
    /// Parses a fragment as a script, which tells top-level declarations from statements as C# Interactive does. A
    /// script cannot hold a top-level <c>using var</c> / <c>await using var</c> (a script's variables are fields), so a
    /// fragment the script parser rejects is parsed as top-level statements instead.
    /// </summary>
    private static CompilationUnitSyntax Parse(string code)
    {
        var script = CSharpSyntaxTree.ParseText(code, DocCompiler.ParseOptions(SourceCodeKind.Script));
        if (!script.GetDiagnostics().Any(d => d.Severity is DiagnosticSeverity.Error))
        {
            return script.GetCompilationUnitRoot();
        }

        return CSharpSyntaxTree.ParseText(code, DocCompiler.ParseOptions(SourceCodeKind.Regular)).GetCompilationUnitRoot();
    }

    private static string Mapped(DocBlock block, SyntaxNode node, string text)
    {
        var line = node.GetLocation().GetLineSpan().StartLinePosition.Line + block.FirstCodeLine;
        return DocCompiler.LineDirective(line, block.File) + text + "\n#line default\n";
    }
}
