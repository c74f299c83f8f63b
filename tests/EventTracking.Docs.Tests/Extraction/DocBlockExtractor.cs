using System.Text.RegularExpressions;

namespace EventTracking.Docs.Tests.Extraction;

/// <summary>Finds the documentation files and extracts their <c>```csharp</c> blocks.</summary>
public static partial class DocBlockExtractor
{
    /// <summary>The Markdown files whose C# blocks are tested, relative to the repository root.</summary>
    public static IReadOnlyList<string> DocumentationFiles(string root)
    {
        var files = new List<string>();
        AddIfExists(files, root, "README.md");
        files.AddRange(Matching(root, "docs", "*.md"));
        foreach (var folder in new[] { "samples", "src" })
        {
            var parent = Path.Combine(root, folder);
            if (!Directory.Exists(parent))
            {
                continue;
            }

            foreach (var project in Directory.GetDirectories(parent).Order(StringComparer.Ordinal))
            {
                AddIfExists(files, root, Path.GetRelativePath(root, Path.Combine(project, "README.md")));
            }
        }

        return files;
    }

    /// <summary>Every <c>```csharp</c> block of every documentation file, in file and line order.</summary>
    public static IReadOnlyList<DocBlock> AllBlocks(string root) =>
        DocumentationFiles(root).SelectMany(file => Extract(file, File.ReadAllLines(Path.Combine(root, file)))).ToList();

    /// <summary>The fenced blocks of one language in one Markdown text.</summary>
    /// <param name="file">The file's name, used to name the blocks.</param>
    /// <param name="lines">The file's lines.</param>
    /// <param name="language">The fence's language (<c>csharp</c>, <c>json</c>, <c>yaml</c>, ...).</param>
    public static IEnumerable<DocBlock> Extract(string file, IReadOnlyList<string> lines, string language = "csharp")
    {
        for (var i = 0; i < lines.Count; i++)
        {
            var open = OpeningFence().Match(lines[i]);
            if (!open.Success)
            {
                continue;
            }

            if (open.Groups["language"].Value != language)
            {
                // Skip the other block whole: a ``` line inside it is not a fence of ours.
                for (i++; i < lines.Count && !ClosingFence().IsMatch(lines[i]); i++)
                {
                }

                continue;
            }

            var indent = open.Groups["indent"].Value.Length;
            var start = i;
            var code = new List<string>();
            for (i++; i < lines.Count && !ClosingFence().IsMatch(lines[i]); i++)
            {
                code.Add(Unindent(lines[i], indent));
            }

            if (i == lines.Count)
            {
                throw new InvalidOperationException($"{file}:{start + 1}: the ```{language} block is never closed.");
            }

            yield return new DocBlock(file, start + 1, open.Groups["info"].Value.Trim(), string.Join('\n', code) + "\n");
        }
    }

    private static string Unindent(string line, int indent)
    {
        var spaces = 0;
        while (spaces < indent && spaces < line.Length && line[spaces] == ' ')
        {
            spaces++;
        }

        return line[spaces..];
    }

    private static void AddIfExists(List<string> files, string root, string relative)
    {
        if (File.Exists(Path.Combine(root, relative)))
        {
            files.Add(relative.Replace('\\', '/'));
        }
    }

    private static IEnumerable<string> Matching(string root, string folder, string pattern) =>
        Directory.Exists(Path.Combine(root, folder))
            ? Directory.GetFiles(Path.Combine(root, folder), pattern)
                .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
                .Order(StringComparer.Ordinal)
            : [];

    [GeneratedRegex(@"^(?<indent> *)```(?<language>[A-Za-z0-9_+#-]+)(?<info>(\s.*)?)$")]
    private static partial Regex OpeningFence();

    [GeneratedRegex(@"^ *```\s*$")]
    private static partial Regex ClosingFence();
}
