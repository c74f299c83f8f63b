using System.Buffers;

namespace EventTracking;

/// <summary>The bytes of one group commit: records laid end to end, grown as needed and reused between commits.</summary>
internal sealed class GroupBuffer : IBufferWriter<byte>
{
    private byte[] _buffer = new byte[1 << 16];

    /// <summary>How many bytes are written.</summary>
    public int Length { get; private set; }

    public Span<byte> Written => _buffer.AsSpan(0, Length);

    public void Advance(int count) => Length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(Length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(Length);
    }

    /// <summary>Forgets what was written after <paramref name="length"/> bytes (a refused record, or a commit).</summary>
    public void Truncate(int length) => Length = length;

    private void Ensure(int sizeHint)
    {
        var needed = Length + Math.Max(sizeHint, 256);
        if (needed > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
        }
    }
}
