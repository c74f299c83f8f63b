using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace EventTracking.Generators.Tests;

/// <summary>Compiles a snippet in memory against the real framework and EventTracking.Core, with the generator, and runs it.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll"
                || Path.GetFileName(p).StartsWith("Microsoft.Extensions.", StringComparison.Ordinal))
            .Select(p => MetadataReference.CreateFromFile(p)),
        MetadataReference.CreateFromFile(typeof(Tracker).Assembly.Location),
    ]);

    /// <summary>The outcome of one compilation.</summary>
    public sealed record Result(Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics, ImmutableArray<Diagnostic> CompileDiagnostics, string? Generated)
    {
        /// <summary>The warnings and errors of the generator and of the compilation of its output.</summary>
        public IEnumerable<Diagnostic> Problems =>
            GeneratorDiagnostics.Concat(CompileDiagnostics).Where(d => d.Severity >= DiagnosticSeverity.Warning);
    }

    /// <summary>Runs the generator over <paramref name="source"/>; <paramref name="trimmed"/> sets PublishAot=true.</summary>
    public static Result Compile(string source, bool trimmed = false)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Preview)
            .WithFeatures([new KeyValuePair<string, string>("InterceptorsNamespaces", "EventTracking.Generated")]);
        var compilation = CSharpCompilation.Create(
            "Snippet" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(source, parseOptions, path: "Snippet.cs")],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var options = new OptionsProvider(trimmed ? new Dictionary<string, string> { ["build_property.PublishAot"] = "true" } : []);
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new EventValueReaderGenerator().AsSourceGenerator()], parseOptions: parseOptions, optionsProvider: options);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var generated = driver.GetRunResult().GeneratedTrees.FirstOrDefault()?.ToString();
        return new Result(output, diagnostics, output.GetDiagnostics(), generated);
    }

    /// <summary>Compiles <paramref name="source"/>, fails on any problem, and calls its static <c>Snippet.Run()</c>.</summary>
    public static object? Run(string source)
    {
        var result = Compile(source);
        Assert.That(result.Problems.Select(d => d.ToString()), Is.Empty, result.Generated);
        using var stream = new MemoryStream();
        var emitted = result.Output.Emit(stream);
        Assert.That(emitted.Success, Is.True, string.Join("\n", emitted.Diagnostics));
        stream.Position = 0;
        var context = new AssemblyLoadContext("snippet", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(stream);
            var run = assembly.GetType("Snippet")!.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!;
            return run.Invoke(null, null);
        }
        finally
        {
            context.Unload();
        }
    }

    private sealed class OptionsProvider(Dictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(values);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => GlobalOptions;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => GlobalOptions;

        private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }
}
