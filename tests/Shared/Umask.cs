using System.Runtime.InteropServices;

namespace EventTracking.Tests;

/// <summary>Sets the process umask for a test (Unix only) and restores the previous one on dispose.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed partial class Umask : IDisposable
{
    private readonly uint _previous;

    private Umask(uint mask) => _previous = SetMask(mask);

    /// <summary>Sets <paramref name="mask"/> (such as 0o022, the usual default) until the result is disposed.</summary>
    /// <param name="mask">The new umask.</param>
    /// <returns>The scope; dispose it to restore the previous umask.</returns>
    public static Umask Set(uint mask) => new(mask);

    /// <summary>The permission bits (rwx for user, group and others) of a file or folder.</summary>
    /// <param name="path">The file or folder.</param>
    /// <returns>The mode as three octal digits, such as <c>600</c>.</returns>
    public static string Mode(string path) =>
        Convert.ToString((int)(File.GetUnixFileMode(path) & (UnixFileMode)0b111_111_111), 8);

    public void Dispose() => SetMask(_previous);

    [DllImport("libc", EntryPoint = "umask")]
    private static extern uint SetMask(uint mask);
}
