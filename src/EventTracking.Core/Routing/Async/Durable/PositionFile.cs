using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace EventTracking;

/// <summary>
/// One child's position file: two slots, each holding a checksummed copy of the position, overwritten in place and
/// in turn, so saving a position is a single small write into an open file.
/// </summary>
/// <remarks>
/// <para>
/// Slot layout (little endian): CRC32C of the rest of the slot's used bytes (uint32), generation (int64), position
/// (int64), name length (int32), the child's name (UTF-8). Each slot is a whole number of 512-byte sectors, so a write
/// torn by a power loss damages at most the slot being written; the other slot still holds the previous position.
/// The reader takes the intact slot with the higher generation.
/// </para>
/// <para>
/// Why not write a temporary file and rename it over the old one: on ext4 that replace-by-rename starts writeback of
/// the new file at once (<c>auto_da_alloc</c>), a disk write per delivered batch. An overwrite in place leaves the page
/// to the kernel's periodic writeback, and needs no new disk blocks, so it keeps working on a full disk.
/// </para>
/// </remarks>
internal sealed class PositionFile : IDisposable
{
    private const int SlotHeader = 24;
    private const int Sector = 512;

    private readonly FileStream _file;
    private readonly byte[] _slot;
    private readonly int _nameLength;
    private long _generation;

    private PositionFile(FileStream file, byte[] name, long generation)
    {
        _file = file;
        _nameLength = name.Length;
        _slot = new byte[SlotSize(name.Length)];
        name.CopyTo(_slot, SlotHeader);
        _generation = generation;
    }

    /// <summary>Opens (or creates, mode 0600) a child's position file, continuing after the generation found in it.</summary>
    public static PositionFile Open(string path, string child)
    {
        var name = Encoding.UTF8.GetBytes(child);
        var file = SecureFiles.Open(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        try
        {
            var generation = file.Length == 2L * SlotSize(name.Length) && TryRead(ReadAll(file), out var found) && found.Child == child
                ? found.Generation
                : -1;
            return new PositionFile(file, name, generation);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Reads a position file: the child's name and its position, from the newer intact slot.</summary>
    /// <returns>Whether an intact slot was found.</returns>
    public static bool TryRead(ReadOnlySpan<byte> data, out (string Child, long Position, long Generation) found)
    {
        found = default;
        if (data.Length == 0 || data.Length % (2 * Sector) != 0)
        {
            return false;
        }

        var size = data.Length / 2;
        var ok = false;
        for (var i = 0; i < 2; i++)
        {
            if (TryReadSlot(data.Slice(i * size, size), out var slot) && (!ok || slot.Generation > found.Generation))
            {
                found = slot;
                ok = true;
            }
        }

        return ok;
    }

    /// <summary>Overwrites the older slot with <paramref name="position"/>. Not fsynced (see <see cref="PositionStore"/>).</summary>
    /// <exception cref="IOException">The write failed.</exception>
    public void Save(long position)
    {
        if (_generation < 0)
        {
            // A new (or unreadable) file: both slots at once, so the file has its full size from the first save.
            Fill(0, position);
            var both = new byte[2 * _slot.Length];
            _slot.CopyTo(both, 0);
            Fill(1, position);
            _slot.CopyTo(both, _slot.Length);
            _file.SetLength(both.Length);
            CrashPoints.Reach("position-file-sized");
            RandomAccess.Write(Handle, both, 0);
            _generation = 1;
            return;
        }

        var generation = _generation + 1;
        Fill(generation, position);
        RandomAccess.Write(Handle, _slot, (generation & 1) * _slot.Length);
        _generation = generation;
    }

    public void Dispose() => _file.Dispose();

    private SafeFileHandle Handle => _file.SafeFileHandle;

    private static int SlotSize(int nameLength) => (SlotHeader + nameLength + Sector - 1) / Sector * Sector;

    private static byte[] ReadAll(FileStream file)
    {
        var data = new byte[file.Length];
        var read = 0;
        while (read < data.Length && RandomAccess.Read(file.SafeFileHandle, data.AsSpan(read), read) is var n and > 0)
        {
            read += n;
        }

        return read == data.Length ? data : [];
    }

    private static bool TryReadSlot(ReadOnlySpan<byte> slot, out (string Child, long Position, long Generation) found)
    {
        found = default;
        var nameLength = BinaryPrimitives.ReadInt32LittleEndian(slot[20..]);
        if (nameLength < 0 || nameLength > slot.Length - SlotHeader)
        {
            return false;
        }

        var used = slot[..(SlotHeader + nameLength)];
        if (Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, used[4..]) != BinaryPrimitives.ReadUInt32LittleEndian(used))
        {
            return false;
        }

        try
        {
            var child = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(used[SlotHeader..]);
            found = (child, BinaryPrimitives.ReadInt64LittleEndian(slot[12..]), BinaryPrimitives.ReadInt64LittleEndian(slot[4..]));
            return found.Position >= 0;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private void Fill(long generation, long position)
    {
        var slot = _slot.AsSpan();
        BinaryPrimitives.WriteInt64LittleEndian(slot[4..], generation);
        BinaryPrimitives.WriteInt64LittleEndian(slot[12..], position);
        BinaryPrimitives.WriteInt32LittleEndian(slot[20..], _nameLength);
        BinaryPrimitives.WriteUInt32LittleEndian(slot, Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, slot[4..(SlotHeader + _nameLength)]));
    }
}
