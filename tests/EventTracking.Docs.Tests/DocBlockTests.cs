using EventTracking.Docs.Tests.Compilation;
using EventTracking.Docs.Tests.Extraction;
using EventTracking.Docs.Tests.Running;

namespace EventTracking.Docs.Tests;

/// <summary>
/// Every ```csharp block of README.md, docs/*.md, samples/*/README.md and src/*/README.md compiles, alone when it is a
/// complete program or inside the fragment scaffold; every console program runs to exit code 0, and every web program
/// starts and answers HTTP.
/// The rules are in docs/contributing-docs.md.
/// </summary>
[TestFixture]
public sealed class DocBlockTests
{
    private static IEnumerable<TestCaseData> Blocks() =>
        DocBlockExtractor.AllBlocks(RepositoryRoot.Path).Select(block => new TestCaseData(block).SetArgDisplayNames(block.ToString()));

    [TestCaseSource(nameof(Blocks))]
    public async Task BlockCompilesAndWebProgramsStart(DocBlock block)
    {
        var kind = BlockClassifier.Classify(block);
        if (kind is BlockKind.Ignored)
        {
            var reason = block.Code.Split('\n').FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
            Assert.That(reason, Does.StartWith("//"), $"{block} is marked ```csharp ignore: its first line must be a comment saying why.");
            Assert.Ignore($"{block} is marked ```csharp ignore: {reason}");
        }

        var compiled = DocCompiler.Compile(block, kind);
        Assert.That(compiled.Clean, Is.True, () => $"{block} ({kind}) does not compile cleanly:\n{compiled.Describe()}");

        if (kind is BlockKind.Program)
        {
            await ProgramRunner.RunToExitAsync(compiled.Image!, TestContext.CurrentContext.CancellationToken);
        }

        if (kind is BlockKind.WebProgram)
        {
            var status = await ProgramRunner.StartAndStopAsync(
                compiled.Image!, DocFiles.For(block.File), TestContext.CurrentContext.CancellationToken);
            Assert.That((int)status, Is.InRange(100, 599), $"{block} answered {status}.");
        }
    }

    [Test]
    public void EveryDocumentationFileIsRead()
    {
        var files = DocBlockExtractor.DocumentationFiles(RepositoryRoot.Path);

        Assert.That(files, Does.Contain("README.md").And.Contain("docs/aspnetcore.md").And.Contain("src/EventTracking.Core/README.md"));
        Assert.That(DocBlockExtractor.AllBlocks(RepositoryRoot.Path).Select(b => b.File), Does.Contain("README.md"));
    }

    [Test]
    public void TheDocsHoldProgramsOfEveryKind()
    {
        var blocks = DocBlockExtractor.AllBlocks(RepositoryRoot.Path);
        var kinds = blocks.GroupBy(BlockClassifier.Classify).ToDictionary(g => g.Key, g => g.Count());

        TestContext.Out.WriteLine($"{blocks.Count} blocks in {blocks.Select(b => b.File).Distinct().Count()} files: "
            + string.Join(", ", Enum.GetValues<BlockKind>().Select(k => $"{kinds.GetValueOrDefault(k)} {k}")));
        Assert.That(kinds.GetValueOrDefault(BlockKind.WebProgram), Is.GreaterThan(0));
        Assert.That(kinds.GetValueOrDefault(BlockKind.Program), Is.GreaterThan(0));
        Assert.That(kinds.GetValueOrDefault(BlockKind.Fragment), Is.GreaterThan(0));
    }

    [Test]
    public void FilesAreSuppliedOnlyForDocsWithAWebProgram()
    {
        var docsWithWebPrograms = DocBlockExtractor.AllBlocks(RepositoryRoot.Path)
            .Where(b => BlockClassifier.Classify(b) is BlockKind.WebProgram)
            .Select(b => b.File)
            .ToHashSet(StringComparer.Ordinal);

        Assert.That(DocFiles.Docs, Is.SubsetOf(docsWithWebPrograms));
    }
}
