using EventTracking.Docs.Tests.Extraction;

namespace EventTracking.Docs.Tests.Running;

/// <summary>
/// The files a doc tells its reader to have next to a web program (appsettings.json and the like), written into the
/// program's working directory (its content root) before it starts. Only what the doc itself asks for belongs here,
/// each with a comment naming where the doc asks for it; a doc's program that needs anything else is a doc bug.
/// </summary>
public static class DocFiles
{
    private static readonly Dictionary<string, IReadOnlyList<(string Name, Func<string> Content)>> s_byDoc = new(StringComparer.Ordinal)
    {
        // "API keys": keys come from configuration, and with no key the host refuses to start.
        ["docs/collector.md"] =
        [
            ("appsettings.json", () => """{ "Collector": { "Keys": { "mobile": "docs-test-key" } } }"""),
        ],

        // The program names "schema.conf.yaml" (the doc's "The schema file" block), and the doc says to set
        // Collector:AllowAnonymous in a host that maps only Attolytics.
        ["docs/collector-attolytics.md"] =
        [
            ("appsettings.json", () => """{ "Collector": { "AllowAnonymous": true } }"""),
            ("schema.conf.yaml", () => FirstBlock("docs/collector-attolytics.md", "yaml")),
        ],

        // "The collector's own validation applies ... an application that maps only Microticks still configures one of
        // the two"; the program's comment asks for "a tree with a SQLite store" (the doc's start-up rule, "not exactly
        // one SqliteBackend in the tree" fails).
        ["docs/collector-microticks.md"] =
        [
            ("appsettings.json", () => """
                {
                  "EventTracking": { "Backends": { "db": { "Type": "Sqlite", "Options": { "Path": "events.db" } } } },
                  "Collector": { "AllowAnonymous": true }
                }
                """),
        ],

        // "an application that maps only Papika sets AllowAnonymous (or configures a key)".
        ["docs/collector-papika.md"] =
        [
            ("appsettings.json", () => """{ "Collector": { "AllowAnonymous": true } }"""),
        ],
    };

    /// <summary>The doc files that have an entry.</summary>
    public static IEnumerable<string> Docs => s_byDoc.Keys;

    /// <summary>The files (name relative to the working directory → content) for the web programs of one doc.</summary>
    public static IReadOnlyDictionary<string, string> For(string docFile) =>
        s_byDoc.TryGetValue(docFile, out var files)
            ? files.ToDictionary(f => f.Name, f => f.Content(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    private static string FirstBlock(string docFile, string language) =>
        DocBlockExtractor.Extract(docFile, File.ReadAllLines(Path.Combine(RepositoryRoot.Path, docFile)), language).First().Code;
}
