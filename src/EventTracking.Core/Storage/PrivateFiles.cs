namespace EventTracking;

/// <summary>
/// Creates the files and folders EventTracking writes (SQLite stores and their <c>-wal</c>, <c>-shm</c> and
/// <c>-journal</c> companions) readable only by their owner on Unix: files 0600, folders 0700, whatever the umask.
/// They hold user ids and client addresses. Files and folders that already exist keep the mode they have, so an
/// operator who opened one up deliberately is not overruled. On Windows the calls only create what is missing.
/// </summary>
public static class PrivateFiles
{
    /// <summary>The mode of every file EventTracking creates on Unix: read and write for the owner only (0600).</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The mode of every folder EventTracking creates on Unix: the owner only (0700).</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static readonly string[] SqliteCompanions = ["-wal", "-shm", "-journal"];

    /// <summary>Creates the folder and any missing parents with <see cref="DirectoryMode"/>; an existing folder is left as it is.</summary>
    /// <param name="path">The folder.</param>
    public static void CreateDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        // Directory.CreateDirectory(path, mode) gives the mode to the last folder only; create each missing one.
        var missing = new Stack<string>();
        for (var folder = Path.GetFullPath(path); !string.IsNullOrEmpty(folder) && !Directory.Exists(folder); folder = Path.GetDirectoryName(folder))
        {
            missing.Push(folder);
        }

        while (missing.TryPop(out var folder))
        {
            Directory.CreateDirectory(folder, DirectoryMode);
        }
    }

    /// <summary>
    /// Creates an empty file with <see cref="FileMode"/> (and its folder with <see cref="DirectoryMode"/>) if it does not
    /// exist yet, so that the program that fills it next (SQLite) finds it private. An existing file is left as it is.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <returns><see langword="true"/> if this call created the file.</returns>
    public static bool CreateFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) is { Length: > 0 } directory)
        {
            CreateDirectory(directory);
        }

        if (File.Exists(full))
        {
            return false;
        }

        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.ReadWrite };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        try
        {
            using var stream = new FileStream(full, options);
            return true;
        }
        catch (IOException) when (File.Exists(full))
        {
            // Another writer created it first.
            return false;
        }
    }

    /// <summary>
    /// Prepares a SQLite database file before SQLite opens it: a missing file is created empty with
    /// <see cref="FileMode"/> (SQLite treats an empty file as a new database and gives its <c>-wal</c>, <c>-shm</c> and
    /// <c>-journal</c> files the database file's mode). <c>:memory:</c> and empty paths are left alone. Never throws for
    /// a path that cannot be created: SQLite's own open reports that.
    /// </summary>
    /// <param name="databasePath">The database file.</param>
    public static void PrepareSqliteDatabase(string databasePath)
    {
        if (!IsSqliteFile(databasePath))
        {
            return;
        }

        try
        {
            CreateFile(databasePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A path SQLite cannot use either (a folder, a read-only place): SQLite's own open fails next, with the
            // error its callers already handle (a store that is down).
        }
    }

    /// <summary>
    /// After a first write, narrows the <c>-wal</c>, <c>-shm</c> and <c>-journal</c> files of a database to the database
    /// file's own mode where they are more open (a file created by an older version, or by another program). Unix only.
    /// </summary>
    /// <param name="databasePath">The database file.</param>
    public static void RestrictSqliteCompanions(string databasePath)
    {
        if (OperatingSystem.IsWindows() || !IsSqliteFile(databasePath) || !File.Exists(databasePath))
        {
            return;
        }

        var full = Path.GetFullPath(databasePath);
        var allowed = File.GetUnixFileMode(full);
        foreach (var suffix in SqliteCompanions)
        {
            var companion = full + suffix;
            try
            {
                if (File.Exists(companion) && (File.GetUnixFileMode(companion) & ~allowed) != 0)
                {
                    File.SetUnixFileMode(companion, File.GetUnixFileMode(companion) & allowed);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Removed by a checkpoint meanwhile, or owned by someone else: nothing this process may change.
            }
        }
    }

    private static bool IsSqliteFile(string path) =>
        !string.IsNullOrEmpty(path) && path != ":memory:" && !path.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
}
