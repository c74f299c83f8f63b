using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace EventTracking;

/// <summary>
/// Each child's position in a durable buffer (the sequence number of the next record it has not taken), one small file
/// per child (<see cref="PositionFile"/>), kept open and overwritten in place in two alternating checksummed slots, so
/// a crash leaves either the old position or the new one.
/// </summary>
/// <remarks>
/// Positions are not fsynced: after a power loss a child may find an older position and take some events again, which
/// idempotent stores ignore. A crash of the process alone (<c>kill -9</c>) loses nothing that was written. Lanes save
/// concurrently, each its own child's file; one file is only ever written by one lane at a time.
/// </remarks>
internal sealed class PositionStore(string folder) : IDisposable
{
    private const string Extension = ".pos";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, PositionFile> _files = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>
    /// Reads every child's persisted position; a damaged or unreadable file is skipped and reported (that child replays
    /// from the oldest record, which idempotent stores absorb).
    /// </summary>
    /// <param name="files">Reads the files and reports the damaged ones.</param>
    /// <exception cref="IOException">The process may not read or write a position file; the message names it.</exception>
    public Dictionary<string, long> Load(BufferFiles? files = null)
    {
        var positions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*" + Extension))
        {
            byte[] data;
            try
            {
                data = files?.ReadAll(file) ?? File.ReadAllBytes(file);
            }
            catch (IOException ex) when (files is not null && ex.InnerException is not UnauthorizedAccessException)
            {
                files.Report(file, ex);
                continue;
            }

            if (PositionFile.TryRead(data, out var found) && Path.GetFileName(file) == FileName(found.Child))
            {
                positions[found.Child] = found.Position;
                if (files is not null)
                {
                    // Opened for writing now, so a file the process may read but not write fails the start, naming it,
                    // instead of every later save.
                    try
                    {
                        _files[found.Child] = PositionFile.Open(file, found.Child);
                    }
                    catch (UnauthorizedAccessException ex)
                    {
                        throw BufferFiles.PermissionDenied(file, ex);
                    }
                }
            }
            else
            {
                files?.Report(file, new InvalidDataException("The position file is damaged; its child takes its events again from the oldest record held."));
            }
        }

        return positions;
    }

    /// <summary>Persists <paramref name="child"/>'s position: one write into its open file.</summary>
    /// <exception cref="IOException">The file could not be opened or written; the next save opens it afresh.</exception>
    public void Save(string child, long position)
    {
        if (Get(child) is not { } file)
        {
            // After the log was closed (a lane finishing late): open, write and close.
            using var late = PositionFile.Open(Path.Combine(folder, FileName(child)), child);
            late.Save(position);
            return;
        }

        try
        {
            file.Save(position);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Forget(child, file);
            throw;
        }
    }

    /// <summary>Closes the files; a later <see cref="Save"/> opens, writes and closes its file.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var file in _files.Values)
            {
                file.Dispose();
            }

            _files.Clear();
        }
    }

    private PositionFile? Get(string child)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return null;
            }

            if (!_files.TryGetValue(child, out var file))
            {
                file = PositionFile.Open(Path.Combine(folder, FileName(child)), child);
                _files[child] = file;
            }

            return file;
        }
    }

    private void Forget(string child, PositionFile file)
    {
        lock (_gate)
        {
            if (_files.TryGetValue(child, out var current) && ReferenceEquals(current, file))
            {
                _files.Remove(child);
            }
        }

        file.Dispose();
    }

    private static string FileName(string child) =>
        "child-" + XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(child)).ToString("x16", CultureInfo.InvariantCulture) + Extension;
}
