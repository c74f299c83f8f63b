using System.Collections.Immutable;
using EventTracking.Docs.Tests.Extraction;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EventTracking.Docs.Tests.Compilation;

/// <summary>Compiles doc blocks in memory with Roslyn against the test process's own references.</summary>
public static class DocCompiler
{
    /// <summary>The implicit usings of a console project (<c>Microsoft.NET.Sdk</c>, <c>ImplicitUsings</c> on).</summary>
    public static readonly IReadOnlyList<string> ConsoleUsings =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading",
        "System.Threading.Tasks",
    ];

    /// <summary>The implicit usings of a web project (<c>Microsoft.NET.Sdk.Web</c>, <c>ImplicitUsings</c> on).</summary>
    public static readonly IReadOnlyList<string> WebUsings =
    [
        .. ConsoleUsings, "System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration",
        "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
    ];

    /// <summary>The namespaces of the EventTracking packages, imported by the fragment scaffold.</summary>
    public static readonly IReadOnlyList<string> PackageNamespaces =
        ["EventTracking", "EventTracking.AspNetCore", "EventTracking.Collector", "EventTracking.Dashboard", "EventTracking.Reading", "EventTracking.SourceGeneration"];

    // What the SDK suppresses in every project (NoWarn 1701;1702): assembly unification between package versions.
    private static readonly Dictionary<string, ReportDiagnostic> s_sdkNoWarn = new()
    {
        ["CS1701"] = ReportDiagnostic.Suppress,
        ["CS1702"] = ReportDiagnostic.Suppress,
    };

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(LoadReferences);

    private static readonly Lazy<ImmutableArray<ISourceGenerator>> s_generators = new(LoadGenerators);

    /// <summary>Parse options for doc code: the latest language version.</summary>
    public static CSharpParseOptions ParseOptions(SourceCodeKind kind) => new(LanguageVersion.Latest, kind: kind);

    /// <summary>Compiles a block of the given kind and emits its assembly.</summary>
    /// <param name="block">The block.</param>
    /// <param name="kind">How to compile it: alone (<see cref="BlockKind.Program"/>, <see cref="BlockKind.WebProgram"/>) or in the scaffold.</param>
    public static DocCompilation Compile(DocBlock block, BlockKind kind)
    {
        var (source, usings, output) = kind switch
        {
            BlockKind.Program => (LineDirective(block.FirstCodeLine, block.File) + block.Code, ConsoleUsings, OutputKind.ConsoleApplication),
            BlockKind.WebProgram => (LineDirective(block.FirstCodeLine, block.File) + block.Code, WebUsings, OutputKind.ConsoleApplication),
            BlockKind.Fragment => (FragmentScaffold.Build(block), [.. WebUsings, .. PackageNamespaces], OutputKind.DynamicallyLinkedLibrary),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "An ignored block is not compiled."),
        };

        var parse = ParseOptions(SourceCodeKind.Regular);
        var globalUsings = CSharpSyntaxTree.ParseText(string.Concat(usings.Select(u => $"global using {u};\n")), parse, "GlobalUsings.g.cs");
        var code = CSharpSyntaxTree.ParseText(source, parse, block.File + ".cs");
        var compilation = CSharpCompilation.Create(
            "DocProgram",
            [globalUsings, code],
            s_references.Value,
            new CSharpCompilationOptions(output, nullableContextOptions: NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(s_sdkNoWarn));

        // What a reader's build does with the EventTracking.Core package: run its source generator.
        CSharpGeneratorDriver.Create(s_generators.Value, parseOptions: parse)
            .RunGeneratorsAndUpdateCompilation(compilation, out var generated, out var generatorDiagnostics);

        using var image = new MemoryStream();
        var result = generated.Emit(image);
        var problems = generatorDiagnostics.Concat(result.Diagnostics)
            .Where(d => d.Severity is DiagnosticSeverity.Error || (d.Severity is DiagnosticSeverity.Warning && !d.IsSuppressed))
            .OrderBy(d => d.Location.GetMappedLineSpan().StartLinePosition.Line)
            .ToImmutableArray();
        var added = generated.SyntaxTrees.Skip(compilation.SyntaxTrees.Length).Select(t => Path.GetFileName(t.FilePath)).ToList();
        return new DocCompilation(source, problems, result.Success ? image.ToArray() : null, added);
    }

    /// <summary>A <c>#line</c> directive mapping what follows to a line of a doc file.</summary>
    public static string LineDirective(int line, string file) => $"#line {line} \"{file}\"\n";

    private static ImmutableArray<ISourceGenerator> LoadGenerators()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "analyzers", "EventTracking.Generators.dll");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The source generator is missing: '{path}' (the test project copies it there).");
        }

        return
        [
            .. System.Reflection.Assembly.LoadFrom(path).GetTypes()
                .Where(t => typeof(IIncrementalGenerator).IsAssignableFrom(t) && !t.IsAbstract && t.IsDefined(typeof(GeneratorAttribute), inherit: false))
                .Select(t => ((IIncrementalGenerator)Activator.CreateInstance(t)!).AsSourceGenerator()),
        ];
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var paths = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string)?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            ?? throw new InvalidOperationException("The test host gives no TRUSTED_PLATFORM_ASSEMBLIES.");
        return [.. paths.Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }
}
