using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EventTracking.Collector;

/// <summary>Feeds parts to a hash, each preceded by its length, so no two different sequences of parts hash alike.</summary>
internal static class LengthPrefixedHash
{
    /// <summary>Appends the 4-byte big-endian length of <paramref name="part"/>, then the part.</summary>
    public static void Append(IncrementalHash hash, ReadOnlySpan<byte> part)
    {
        Span<byte> length = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32BigEndian(length, part.Length);
        hash.AppendData(length);
        hash.AppendData(part);
    }
}
