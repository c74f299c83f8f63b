using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace EventTracking.Docs.Tests.Compilation;

/// <summary>The outcome of compiling one doc block.</summary>
/// <param name="Source">The source that was compiled (the block alone, or the block inside the scaffold).</param>
/// <param name="Problems">Errors and warnings, located in the doc file through <c>#line</c> directives.</param>
/// <param name="Image">The emitted assembly; <see langword="null"/> when compilation failed.</param>
/// <param name="GeneratedSources">The files the source generator added (their hint paths).</param>
public sealed record DocCompilation(string Source, ImmutableArray<Diagnostic> Problems, byte[]? Image, IReadOnlyList<string> GeneratedSources)
{
    /// <summary>Whether the block compiled without an error or a warning.</summary>
    public bool Clean => Image is not null && Problems.IsEmpty;

    /// <summary>The problems as compiler output (<c>docs/x.md(12,5): error CS0103: …</c>), then the compiled source.</summary>
    public string Describe() =>
        string.Join('\n', Problems.Select(d =>
        {
            var span = d.Location.GetMappedLineSpan();
            return $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): "
                + $"{d.Severity.ToString().ToLowerInvariant()} {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
        }))
        + "\n\nCompiled source:\n" + Source;
}
