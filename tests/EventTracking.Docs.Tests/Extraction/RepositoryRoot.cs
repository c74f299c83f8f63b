namespace EventTracking.Docs.Tests.Extraction;

/// <summary>The repository root: the folder holding EventTracking.slnx, found from the test's build folder upwards.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> s_path = new(Find);

    /// <summary>The root's full path.</summary>
    public static string Path => s_path.Value;

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "EventTracking.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above '{AppContext.BaseDirectory}' holds EventTracking.slnx.");
    }
}
