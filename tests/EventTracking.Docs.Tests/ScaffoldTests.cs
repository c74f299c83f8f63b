using EventTracking.Docs.Tests.Compilation;
using EventTracking.Docs.Tests.Extraction;
using EventTracking.Docs.Tests.Running;

namespace EventTracking.Docs.Tests;

[TestFixture]
public sealed class ScaffoldTests
{
    [Test]
    public void AFragmentUsesTheScaffoldNamesDeclaresTypesAndShadowsAField()
    {
        var block = new DocBlock("docs/x.md", 10, "", """
            builder.Services.AddEventTracking(t => t.AddProcessorType("Upper", _ => new Upper()));
            await using var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["m"] = new InMemoryBackend() });
            var count = Twice(2);
            int Twice(int n) => n * 2;

            public sealed class Upper : IEventProcessor
            {
                public TrackingEvent? Process(TrackingEvent evt) => evt with { Name = evt.Name.ToUpperInvariant() };
            }
            """);

        var compiled = DocCompiler.Compile(block, BlockClassifier.Classify(block));

        Assert.That(compiled.Clean, Is.True, compiled.Describe);
    }

    [Test]
    public void TheCoreSourceGeneratorRunsAsInAReadersBuild()
    {
        var block = new DocBlock("docs/x.md", 1, "", "tracker.Emit(\"x\", new { a = 1 });\n");

        var compiled = DocCompiler.Compile(block, BlockKind.Fragment);

        Assert.That(compiled.Clean, Is.True, compiled.Describe);
        Assert.That(compiled.GeneratedSources, Is.Not.Empty);
    }

    [Test]
    public void TheContributingDocListsTheScaffoldAsItIs()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "contributing-docs.md"));

        Assert.Multiple(() =>
        {
            foreach (var (type, name) in FragmentScaffold.Fields)
            {
                Assert.That(doc, Does.Contain($"internal static {type} {name} = default!;"));
            }

            foreach (var ns in DocCompiler.PackageNamespaces)
            {
                Assert.That(doc, Does.Contain($"global using {ns};"));
            }
        });
    }

    [Test]
    public void ADiagnosticNamesTheDocFileAndLine()
    {
        var block = new DocBlock("docs/x.md", 10, "", "services.AddEventTracking();\nundeclared.Emit(\"x\");\n");

        var compiled = DocCompiler.Compile(block, BlockKind.Fragment);

        Assert.That(compiled.Clean, Is.False);
        Assert.That(compiled.Describe(), Does.StartWith("docs/x.md(12,1): error CS0103: The name 'undeclared' does not exist"));
    }

    [Test]
    public void AProgramCompilesWithoutThePackageNamespacesAReaderWouldHaveToImport()
    {
        var block = new DocBlock("docs/x.md", 1, "", "using System.Text;\nvar t = new Tracker(new Dictionary<string, IEventBackend>());\n");

        var compiled = DocCompiler.Compile(block, BlockClassifier.Classify(block));

        Assert.That(compiled.Describe(), Does.Contain("docs/x.md(3,13): error CS0246: The type or namespace name 'Tracker'"));
    }

    [Test]
    public void AWebProgramThatFailsToStartFailsWithItsOutput()
    {
        var block = new DocBlock("docs/x.md", 1, "", """
            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.UseAuthentication();   // without AddAuthentication: the host refuses to start
            app.Run();
            """);
        var compiled = DocCompiler.Compile(block, BlockClassifier.Classify(block));
        Assert.That(compiled.Clean, Is.True, compiled.Describe);

        var error = Assert.ThrowsAsync<InvalidOperationException>(() =>
            ProgramRunner.StartAndStopAsync(compiled.Image!, new Dictionary<string, string>(), TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain("exited with code").And.Contain("IAuthenticationSchemeProvider"));
    }
}
