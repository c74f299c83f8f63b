namespace EventTracking.Docs.Tests.Compilation;

/// <summary>How a doc block is tested.</summary>
public enum BlockKind
{
    /// <summary>Marked <c>```csharp ignore</c>: not compiled.</summary>
    Ignored,

    /// <summary>Compiled inside the fragment scaffold (<see cref="FragmentScaffold"/>).</summary>
    Fragment,

    /// <summary>A console program: top-level statements and its own <c>using</c> directives; compiled alone.</summary>
    Program,

    /// <summary>A web program: creates a <c>WebApplication</c> and runs it; compiled alone, then started.</summary>
    WebProgram,
}
