using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace EventTracking.Collector;

/// <summary>
/// Event ids for Microticks events, derived from what the client sent, so a request sent again yields the same id and
/// stores keyed on the id keep the event once. Shaped as UUID version 7 (48 bits of Unix milliseconds first), so ids
/// still sort by time; the other bits come from a SHA-256 of the parts.
/// </summary>
internal static class MicroticksEventIds
{
    private const long MaxMilliseconds = (1L << 48) - 1;

    /// <summary>The id for <paramref name="time"/> and <paramref name="parts"/>; equal inputs give equal ids.</summary>
    /// <param name="time">Gives the time-ordered first 48 bits; clamped to what they can hold.</param>
    /// <param name="parts">What identifies the event; each part is length-prefixed, so parts cannot run into each other.</param>
    public static Guid Derive(DateTimeOffset time, params ReadOnlySpan<string> parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in parts)
        {
            LengthPrefixedHash.Append(hash, Encoding.UTF8.GetBytes(part));
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        hash.GetHashAndReset(digest);

        var milliseconds = Math.Clamp(time.ToUnixTimeMilliseconds(), 0, MaxMilliseconds);
        Span<byte> id = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(id, milliseconds << 16);
        id[6] = (byte)(0x70 | (digest[0] & 0x0F));
        id[7] = digest[1];
        id[8] = (byte)(0x80 | (digest[2] & 0x3F));
        digest[3..10].CopyTo(id[9..]);
        return new Guid(id, bigEndian: true);
    }
}
