using EventTracking.Docs.Tests.Extraction;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EventTracking.Docs.Tests.Compilation;

/// <summary>Decides whether a block is a complete program or a fragment (the rules of docs/contributing-docs.md).</summary>
public static class BlockClassifier
{
    /// <summary>Classifies a block.</summary>
    /// <remarks>
    /// A web program calls <c>WebApplication.CreateBuilder</c> (or <c>WebApplication.Create</c>) and <c>Run</c> /
    /// <c>RunAsync</c>. A console program has top-level statements and at least one <c>using</c> directive of its own.
    /// Anything else is a fragment.
    /// </remarks>
    public static BlockKind Classify(DocBlock block)
    {
        if (block.IsIgnored)
        {
            return BlockKind.Ignored;
        }

        var root = CSharpSyntaxTree.ParseText(block.Code, DocCompiler.ParseOptions(SourceCodeKind.Regular)).GetCompilationUnitRoot();
        var invocations = root.DescendantNodes().OfType<InvocationExpressionSyntax>().ToList();
        var createsWebApp = invocations.Any(i => i.Expression is MemberAccessExpressionSyntax
        {
            Expression: IdentifierNameSyntax { Identifier.Text: "WebApplication" },
            Name.Identifier.Text: "CreateBuilder" or "Create" or "CreateSlimBuilder" or "CreateEmptyBuilder",
        });
        var runs = invocations.Any(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.Text: "Run" or "RunAsync" });
        if (createsWebApp && runs)
        {
            return BlockKind.WebProgram;
        }

        var hasStatements = root.Members.OfType<GlobalStatementSyntax>().Any();
        return hasStatements && root.Usings.Count > 0 ? BlockKind.Program : BlockKind.Fragment;
    }
}
