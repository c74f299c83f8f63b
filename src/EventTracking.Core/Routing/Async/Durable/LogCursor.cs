using Microsoft.Win32.SafeHandles;

namespace EventTracking;

/// <summary>Where one child's lane reads a durable log: a segment, a byte offset in it, and the next sequence number it wants.</summary>
internal sealed class LogCursor(long next) : IDisposable
{
    private const int ReadChunk = 1 << 20;

    private SafeFileHandle? _file;
    private string? _filePath;
    private byte[] _buffer = [];
    private long _bufferOffset;
    private int _bufferLength;

    /// <summary>The sequence number of the next record the child has not taken; everything below is settled.</summary>
    public long Next { get; set; } = next;

    /// <summary>The segment the cursor is in, or -1 when it must be found again from <see cref="Next"/>.</summary>
    public long SegmentId { get; private set; } = -1;

    public long Offset { get; set; }

    /// <summary>Forgets the byte position; the next read seeks <see cref="Next"/> from the start of its segment.</summary>
    public void Reset(long next)
    {
        Next = next;
        SegmentId = -1;
    }

    public void MoveTo(long segmentId, long offset)
    {
        if (segmentId != SegmentId)
        {
            Close();
        }

        SegmentId = segmentId;
        Offset = offset;
    }

    /// <summary>
    /// Where the open segment file was found to end before its committed length (it was cut while the node ran);
    /// <see cref="long.MaxValue"/> while no read has come short.
    /// </summary>
    public long FileEnd { get; private set; } = long.MaxValue;

    /// <summary>The committed bytes of the current segment from <see cref="Offset"/>, at least <paramref name="need"/> of them when the segment has that many.</summary>
    /// <param name="path">The segment file.</param>
    /// <param name="limit">Its committed length.</param>
    /// <param name="need">How many bytes the caller wants at least.</param>
    /// <param name="files">Consults the test fault seam before the file is opened.</param>
    /// <exception cref="IOException">The file cannot be opened or read.</exception>
    /// <exception cref="UnauthorizedAccessException">The process may not read the file.</exception>
    public ReadOnlySpan<byte> Load(string path, long limit, long need, BufferFiles files)
    {
        need = Math.Min(need, Math.Min(limit, FileEnd) - Offset);
        if (Offset >= _bufferOffset && Offset + need <= _bufferOffset + _bufferLength && _filePath == path)
        {
            return _buffer.AsSpan((int)(Offset - _bufferOffset), (int)(_bufferOffset + _bufferLength - Offset));
        }

        if (_filePath != path)
        {
            Close();
            files.CheckFault(path);
            _file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            _filePath = path;
        }

        var size = (int)Math.Min(Math.Max(need, ReadChunk), limit - Offset);
        if (_buffer.Length < size)
        {
            _buffer = new byte[Math.Max(size, ReadChunk)];
        }

        var read = 0;
        while (read < size)
        {
            var n = RandomAccess.Read(_file!, _buffer.AsSpan(read, size - read), Offset + read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        if (read < size)
        {
            FileEnd = Offset + read;
        }

        _bufferOffset = Offset;
        _bufferLength = read;
        return _buffer.AsSpan(0, read);
    }

    public void Dispose() => Close();

    /// <summary>Closes the segment file; the next read opens it afresh.</summary>
    public void Close()
    {
        _file?.Dispose();
        _file = null;
        _filePath = null;
        _bufferLength = 0;
        FileEnd = long.MaxValue;
    }
}
