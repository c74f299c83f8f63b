namespace EventTracking;

/// <summary>Creates the buffer's folder and files readable by their owner only (0700 and 0600 on Unix): they hold user data.</summary>
internal static class SecureFiles
{
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, FolderMode);
        if ((File.GetUnixFileMode(path) & ~FolderMode) != 0)
        {
            File.SetUnixFileMode(path, FolderMode);
        }
    }

    public static FileStream Open(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize = 0)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = bufferSize };
        if (!OperatingSystem.IsWindows() && mode != FileMode.Open)
        {
            options.UnixCreateMode = OwnerFileMode;
        }

        return new FileStream(path, options);
    }
}
