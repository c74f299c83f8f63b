namespace EventTracking;

/// <summary>
/// A sequence number the log keeps beside its segments (where <see cref="BufferFullPolicy.DropOldest"/> evicted up to,
/// how far the log was committed), in a <see cref="PositionFile"/>: one small overwrite in place, not fsynced, so it
/// survives a crash of the process (<c>kill -9</c>) but may be older after a power loss.
/// </summary>
internal sealed class LogMark : IDisposable
{
    private readonly PositionFile _file;

    private LogMark(PositionFile file, long? found)
    {
        _file = file;
        Found = found;
    }

    /// <summary>The value a previous process left, or <see langword="null"/> when there was none (or it was damaged).</summary>
    public long? Found { get; }

    /// <summary>Opens (or creates, mode 0600) the mark file and writes <paramref name="initial"/> into a new one, so it has its disk blocks.</summary>
    /// <exception cref="IOException">The process may not read or write the mark file (or a folder has its name); the message names it.</exception>
    public static LogMark Open(string folder, string fileName, long initial, BufferFiles? files = null)
    {
        var path = System.IO.Path.Combine(folder, fileName);
        long? found = null;
        PositionFile file;
        try
        {
            if (File.Exists(path) || Directory.Exists(path))
            {
                byte[] data;
                try
                {
                    data = files?.ReadAll(path) ?? File.ReadAllBytes(path);
                }
                catch (IOException ex) when (files is not null && ex.InnerException is not UnauthorizedAccessException)
                {
                    files.Report(path, ex);
                    data = [];
                }

                if (PositionFile.TryRead(data, out var mark))
                {
                    found = mark.Position;
                }
                else if (data.Length > 0)
                {
                    files?.Report(path, new InvalidDataException("The mark file is damaged; it is written afresh."));
                }
            }

            file = PositionFile.Open(path, fileName);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw BufferFiles.PermissionDenied(path, ex);
        }

        var log = new LogMark(file, found);
        log.TrySave(found ?? initial);
        return log;
    }

    /// <summary>Overwrites the mark.</summary>
    /// <returns>Whether it was written; a full or failing disk makes this <see langword="false"/>.</returns>
    public bool TrySave(long value)
    {
        try
        {
            _file.Save(value);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public void Dispose() => _file.Dispose();
}
