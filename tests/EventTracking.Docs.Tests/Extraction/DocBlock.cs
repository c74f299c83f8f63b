namespace EventTracking.Docs.Tests.Extraction;

/// <summary>One fenced <c>```csharp</c> block of a Markdown file.</summary>
/// <param name="File">The Markdown file, relative to the repository root, with forward slashes.</param>
/// <param name="Line">The 1-based line of the opening fence.</param>
/// <param name="Info">The info string after <c>csharp</c> (for example <c>ignore</c>), trimmed; empty when none.</param>
/// <param name="Code">The block's text, its fence indentation removed.</param>
public sealed record DocBlock(string File, int Line, string Info, string Code)
{
    /// <summary>The 1-based line of the block's first line of code.</summary>
    public int FirstCodeLine => Line + 1;

    /// <summary>Whether the block is marked <c>```csharp ignore</c>: deliberately not compilable.</summary>
    public bool IsIgnored => Info.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("ignore", StringComparer.Ordinal);

    /// <summary>The file and line, which name the block in test results and diagnostics.</summary>
    public override string ToString() => $"{File}:{Line}";
}
