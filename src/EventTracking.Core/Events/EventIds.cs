using System.Buffers.Binary;

namespace EventTracking;

/// <summary>
/// Generates RFC 9562 UUID version 7 event ids: 48 bits of Unix milliseconds, then the microseconds within the
/// millisecond in the 12 bits of <c>rand_a</c> (RFC 9562 §6.2, method 3), then 62 random bits.
/// </summary>
/// <remarks>
/// <see cref="Guid.CreateVersion7()"/> draws its randomness from the OS's cryptographic source, which costs
/// hundreds of nanoseconds per call. Event ids need uniqueness and time order, not unpredictability, so the
/// random bits come from <see cref="Random.Shared"/>.
/// </remarks>
internal static class EventIds
{
    public static Guid NewId(DateTimeOffset timestamp)
    {
        var ticks = timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var milliseconds = ticks / TimeSpan.TicksPerMillisecond;
        var microseconds = (ticks % TimeSpan.TicksPerMillisecond) / TimeSpan.TicksPerMicrosecond;

        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, (milliseconds << 16) | 0x7000L | microseconds);
        BinaryPrimitives.WriteInt64BigEndian(bytes[8..], (Random.Shared.NextInt64() & 0x3FFF_FFFF_FFFF_FFFFL) | unchecked((long)0x8000_0000_0000_0000UL));
        return new Guid(bytes, bigEndian: true);
    }
}
