using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EventTracking.Collector;

/// <summary>
/// Event ids derived from what the client sent, so a client that resends a request after a 503 stores nothing twice:
/// a SHA-256 of the app id, the header values that columns read, and every event's JSON text (the secret key is not
/// part of it), then, per event, of that digest and the event's position. The ids are RFC 9562 version 8 UUIDs
/// (custom, name-based from SHA-256, as in RFC 9562 appendix B.2) that start with the event's position, so the events of
/// one request sort in the order they were sent.
/// </summary>
/// <remarks>
/// Two requests with byte-identical events (and identical header columns) from one app are therefore one request to
/// the stores; a timestamp column, which the protocol expects the client to fill, tells repeated events apart.
/// </remarks>
internal static class AttolyticsEventIds
{
    /// <summary>The digest of one request's content.</summary>
    public static byte[] Digest(string appId, IEnumerable<string?> headerValues, JsonElement events)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        LengthPrefixedHash.Append(hash, Encoding.UTF8.GetBytes(appId));
        foreach (var value in headerValues)
        {
            // A header the request lacks differs from one sent empty.
            LengthPrefixedHash.Append(hash, value is null ? [0xFF] : Encoding.UTF8.GetBytes(value));
        }

        foreach (var evt in events.EnumerateArray())
        {
            LengthPrefixedHash.Append(hash, JsonMarshal.GetRawUtf8Value(evt));
        }

        return hash.GetHashAndReset();
    }

    /// <summary>The id of the event at <paramref name="index"/> in the request whose digest is <paramref name="digest"/>.</summary>
    /// <remarks>
    /// The events of one request share their timestamp (the time it was received), so the id alone orders them: its
    /// first four bytes are the event's position, big-endian, and readers that sort by (timestamp, id) read a batch back
    /// in the order it was sent. The other bytes come from a SHA-256 of the digest and the position.
    /// </remarks>
    public static Guid ForEvent(byte[] digest, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        Span<byte> input = stackalloc byte[SHA256.HashSizeInBytes + sizeof(int)];
        digest.CopyTo(input);
        BinaryPrimitives.WriteInt32BigEndian(input[SHA256.HashSizeInBytes..], index);
        Span<byte> bytes = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, bytes);
        BinaryPrimitives.WriteInt32BigEndian(bytes, index);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes[..16], bigEndian: true);
    }
}
