namespace EventTracking.Docs.Tests.Running;

/// <summary>
/// The files a doc tells its reader to have next to a web program (appsettings.json and the like), written into the
/// program's working directory before it starts. Only what the doc itself asks for belongs here, with the place it asks.
/// </summary>
public static class DocFiles
{
    private static readonly Dictionary<string, IReadOnlyDictionary<string, string>> s_byDoc = new(StringComparer.Ordinal)
    {
    };

    /// <summary>The doc files that have an entry.</summary>
    public static IEnumerable<string> Docs => s_byDoc.Keys;

    /// <summary>The files (name relative to the working directory → content) for the web programs of one doc.</summary>
    public static IReadOnlyDictionary<string, string> For(string docFile) =>
        s_byDoc.TryGetValue(docFile, out var files) ? files : new Dictionary<string, string>();
}
