using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace EventTracking;

/// <summary>
/// Generates RFC 9562 UUID version 7 event ids that sort in the order they were made within a process: 48 bits of
/// Unix milliseconds, the microseconds within the millisecond in the 12 bits of <c>rand_a</c> (RFC 9562 §6.2,
/// method 3), then a counter (§6.2, method 1) in the first 14 bits of <c>rand_b</c> and 48 random bits.
/// </summary>
/// <remarks>
/// Ids made in the same microsecond, or while the clock stands still or steps back, continue from the last id: the
/// counter is incremented (it starts from a random value below 2^9 at each new microsecond, leaving room to count),
/// and when it passes 2^10 the time fields advance by one microsecond. So ordering stored events by
/// (timestamp, id), or by id alone, gives emission order for the events of one process, including a batch that shares
/// one timestamp. Ids of different processes interleave by time only. Timestamps before 1970 are taken as 1970 and
/// timestamps after the year 2255 as that year.
/// The last id's time and counter are one 64-bit word updated by compare-and-swap, so making an id takes no lock.
/// <see cref="Guid.CreateVersion7()"/> draws its randomness from the OS's cryptographic source and does not count
/// within the millisecond; event ids need uniqueness and order, not unpredictability, so the random bits come from
/// <see cref="Random.Shared"/>.
/// </remarks>
public static class EventIds
{
    private const int CounterBits = 10;
    private const long MaxMicroseconds = (1L << (63 - CounterBits)) - 1;
    private const long MicrosecondsPerMillisecond = 1000;

    // (microseconds since the Unix epoch << CounterBits) | counter, of the last id made.
    private static long _last;

    /// <summary>Creates the next id for an event stamped <paramref name="timestamp"/>.</summary>
    /// <param name="timestamp">The event's timestamp; ids follow it, but never go back within the process.</param>
    /// <returns>A version 7, variant 2 UUID greater than every id this method returned before in this process.</returns>
    public static Guid NewId(DateTimeOffset timestamp)
    {
        var microseconds = Math.Clamp((timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond, 0, MaxMicroseconds);
        var random = Random.Shared.NextInt64();

        // A new microsecond starts its counter at a random value below 2^9; otherwise count on from the last id, a
        // counter that passes 2^10 carrying into the microseconds.
        var fresh = (microseconds << CounterBits) | (random >>> 55);
        var last = Volatile.Read(ref _last);
        long next;
        while (true)
        {
            next = fresh > last ? fresh : last + 1;
            var seen = Interlocked.CompareExchange(ref _last, next, last);
            if (seen == last)
            {
                break;
            }

            last = seen;
        }

        return Encode(next, random);
    }

    /// <summary>The UUID of a state word (microseconds since the Unix epoch, then the counter) and random bits.</summary>
    internal static Guid Encode(long state, long random)
    {
        var time = state >>> CounterBits;
        var high = ((time / MicrosecondsPerMillisecond) << 16) | 0x7000L | (time % MicrosecondsPerMillisecond);
        var low = unchecked((long)0x8000_0000_0000_0000UL) | ((state & ((1L << CounterBits) - 1)) << 48) | (random & 0xFFFF_FFFF_FFFFL);

        if (!BitConverter.IsLittleEndian)
        {
            // Guid's fields in RFC 9562 byte order: a 32-bit, two 16-bit, then eight single bytes.
            return new Guid((int)(high >>> 32), (short)(high >>> 16), (short)high, (byte)(low >>> 56), (byte)(low >>> 48),
                (byte)(low >>> 40), (byte)(low >>> 32), (byte)(low >>> 24), (byte)(low >>> 16), (byte)(low >>> 8), (byte)low);
        }

        // The same Guid written as two words (the constructor above costs several times more): in memory a Guid is its
        // 32-bit and two 16-bit fields, each little-endian, then its last eight bytes in order.
        var id = default(Guid);
        ref var bytes = ref Unsafe.As<Guid, byte>(ref id);
        var fields = ((ulong)high >>> 32) | (((ulong)high >>> 16 & 0xFFFF) << 32) | (((ulong)high & 0xFFFF) << 48);
        Unsafe.WriteUnaligned(ref bytes, fields);
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref bytes, 8), BinaryPrimitives.ReverseEndianness(low));
        return id;
    }
}
