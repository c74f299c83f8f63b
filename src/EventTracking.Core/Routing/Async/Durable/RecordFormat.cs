using System.Buffers.Binary;
using System.IO.Hashing;

namespace EventTracking;

/// <summary>
/// The layout of one record in a segment file: a 16-byte header, then the event as canonical JSON (UTF-8).
/// </summary>
/// <remarks>
/// Header: CRC32C (uint32, little endian), payload length (uint32), sequence number (int64). The checksum covers every
/// byte after it: the length, the sequence number and the payload, so a flipped bit anywhere in a record, or a torn write, is detected.
/// The sequence number lets a reader that skips damaged bytes count exactly how many records it lost.
/// </remarks>
internal static class RecordFormat
{
    public const int HeaderSize = 16;

    /// <summary>The largest payload a record may have; a longer length in a header means the header is damaged.</summary>
    public const int MaxPayload = 16 << 20;

    /// <summary>Fills in the header of a record whose payload is already in place after it.</summary>
    /// <param name="record">The whole record: <see cref="HeaderSize"/> bytes of room, then the payload.</param>
    /// <param name="seq">The record's sequence number.</param>
    public static void Seal(Span<byte> record, long seq)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(record.Length - HeaderSize));
        BinaryPrimitives.WriteInt64LittleEndian(record[8..], seq);
        BinaryPrimitives.WriteUInt32LittleEndian(record, Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, record[4..]));
    }

    /// <summary>The payload length a header claims, or -1 if <paramref name="data"/> is too short to hold a header.</summary>
    public static long ClaimedLength(ReadOnlySpan<byte> data) =>
        data.Length < HeaderSize ? -1 : HeaderSize + (long)BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);

    /// <summary>The sequence number a header claims; <paramref name="data"/> must hold at least <see cref="HeaderSize"/> bytes.</summary>
    public static long ClaimedSeq(ReadOnlySpan<byte> data) => BinaryPrimitives.ReadInt64LittleEndian(data[8..]);

    /// <summary>Checks the record that starts at <paramref name="data"/>[0].</summary>
    /// <param name="data">The bytes from the record's start to the end of what may be read.</param>
    /// <param name="minSeq">The smallest sequence number a record here may carry.</param>
    /// <param name="maxSeq">The largest sequence number a record here may carry.</param>
    /// <param name="length">The record's total length (header and payload) when it is valid.</param>
    /// <param name="seq">The record's sequence number when it is valid.</param>
    /// <returns>Whether a complete, intact record starts here.</returns>
    public static bool TryRead(ReadOnlySpan<byte> data, long minSeq, long maxSeq, out int length, out long seq)
    {
        length = 0;
        seq = 0;
        if (data.Length < HeaderSize)
        {
            return false;
        }

        var payload = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        seq = BinaryPrimitives.ReadInt64LittleEndian(data[8..]);
        if (payload == 0 || payload > MaxPayload || payload > data.Length - HeaderSize || seq < minSeq || seq > maxSeq)
        {
            return false;
        }

        var total = HeaderSize + (int)payload;
        if (Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, data[4..total]) != BinaryPrimitives.ReadUInt32LittleEndian(data))
        {
            return false;
        }

        length = total;
        return true;
    }
}
