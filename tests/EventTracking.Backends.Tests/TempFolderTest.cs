namespace EventTracking.Tests;

/// <summary>A test with a fresh <see cref="TempFolder"/> of its own, created before it and deleted after it.</summary>
public abstract class TempFolderTest
{
    /// <summary>This test's folder.</summary>
    private protected TempFolder Folder { get; private set; } = null!;

    [SetUp]
    public void CreateFolder() => Folder = new TempFolder();

    [TearDown]
    public void DeleteFolder() => Folder.Dispose();
}
