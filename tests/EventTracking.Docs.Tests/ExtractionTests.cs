using EventTracking.Docs.Tests.Compilation;
using EventTracking.Docs.Tests.Extraction;

namespace EventTracking.Docs.Tests;

[TestFixture]
public sealed class ExtractionTests
{
    [Test]
    public void BlocksAreNamedByTheirOpeningFenceAndLoseTheirListIndentation()
    {
        string[] lines =
        [
            "# Title",
            "- item:",
            "",
            "  ```csharp",
            "  var x = 1;",
            "    x++;",
            "  ```",
            "```json",
            "```csharp (not a fence inside another block)",
            "```",
            "```csharp ignore",
            "does not compile",
            "```",
        ];

        var blocks = DocBlockExtractor.Extract("docs/x.md", lines).ToList();

        Assert.That(blocks, Has.Count.EqualTo(2));
        Assert.That(blocks[0].ToString(), Is.EqualTo("docs/x.md:4"));
        Assert.That(blocks[0].Code, Is.EqualTo("var x = 1;\n  x++;\n"));
        Assert.That(blocks[0].IsIgnored, Is.False);
        Assert.That(blocks[1].Line, Is.EqualTo(11));
        Assert.That(blocks[1].IsIgnored, Is.True);
        Assert.That(BlockClassifier.Classify(blocks[1]), Is.EqualTo(BlockKind.Ignored));
    }

    [Test]
    public void AnUnclosedBlockIsAnErrorNamingItsLine()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DocBlockExtractor.Extract("README.md", ["", "```csharp", "var x = 1;"]).ToList());

        Assert.That(error!.Message, Does.Contain("README.md:2"));
    }

    [TestCase("using EventTracking;\nvar t = new Tracker(new Dictionary<string, IEventBackend>());\n", BlockKind.Program)]
    [TestCase("var builder = WebApplication.CreateBuilder(args);\nvar app = builder.Build();\napp.Run();\n", BlockKind.WebProgram)]
    [TestCase("var builder = WebApplication.CreateBuilder(args);\nvar app = builder.Build();\n", BlockKind.Fragment)]
    [TestCase("builder.Services.AddEventTracking(t => t.AddSerilog());\n", BlockKind.Fragment)]
    [TestCase("var t = new Tracker(new Dictionary<string, IEventBackend>());\n", BlockKind.Fragment)]
    [TestCase("using EventTracking;\n\npublic sealed class X;\n", BlockKind.Fragment)]
    public void BlocksAreClassifiedByTheRules(string code, BlockKind expected) =>
        Assert.That(BlockClassifier.Classify(new DocBlock("docs/x.md", 1, "", code)), Is.EqualTo(expected));

    [Test]
    public void TheScaffoldImportsEveryNamespaceOfThePackages()
    {
        // Every package the test references is copied next to it: EventTracking.<Package>.dll.
        var namespaces = Directory.GetFiles(AppContext.BaseDirectory, "EventTracking.*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => !name!.EndsWith(".Tests", StringComparison.Ordinal))
            .Select(name => System.Reflection.Assembly.Load(name!))
            .SelectMany(a => a.GetExportedTypes())
            .Select(t => t.Namespace)
            .Where(n => n is not null && n.StartsWith("EventTracking", StringComparison.Ordinal))
            .Distinct()
            .ToList();

        Assert.That(namespaces, Is.Not.Empty);
        Assert.That(namespaces, Is.SubsetOf(DocCompiler.PackageNamespaces));
    }
}
