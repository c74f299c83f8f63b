using System.Buffers.Binary;

namespace EventTracking;

/// <summary>
/// Generates RFC 9562 UUID version 7 event ids that sort in the order they were made within a process: 48 bits of
/// Unix milliseconds, the microseconds within the millisecond in the 12 bits of <c>rand_a</c> (RFC 9562 §6.2,
/// method 3), then a 14-bit counter (§6.2, method 1) and 48 random bits in <c>rand_b</c>.
/// </summary>
/// <remarks>
/// Ids made in the same microsecond, or while the clock stands still or steps back, continue from the last id: the
/// counter is incremented (it starts from a random value below 2^13 at each new microsecond, leaving room to count),
/// and when it is exhausted the time fields advance by one microsecond. So ordering stored events by
/// (timestamp, id), or by id alone, gives emission order for the events of one process, including a batch that shares
/// one timestamp. Ids of different processes interleave by time only.
/// <see cref="Guid.CreateVersion7()"/> draws its randomness from the OS's cryptographic source and does not count
/// within the millisecond; event ids need uniqueness and order, not unpredictability, so the random bits come from
/// <see cref="Random.Shared"/>.
/// </remarks>
public static class EventIds
{
    private const long CounterLimit = 1L << 14;
    private static readonly Lock Gate = new();
    private static long _lastHigh;
    private static long _counter;

    /// <summary>Creates the next id for an event stamped <paramref name="timestamp"/>.</summary>
    /// <param name="timestamp">The event's timestamp; ids follow it, but never go back within the process.</param>
    /// <returns>A version 7, variant 2 UUID greater than every id this method returned before in this process.</returns>
    public static Guid NewId(DateTimeOffset timestamp)
    {
        var ticks = Math.Max(0, timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks);
        var high = TimeFields(ticks / TimeSpan.TicksPerMillisecond, ticks % TimeSpan.TicksPerMillisecond / TimeSpan.TicksPerMicrosecond);
        var random = Random.Shared.NextInt64();
        long counter;
        lock (Gate)
        {
            if (high > _lastHigh)
            {
                _counter = random >>> 51; // a random start below 2^13
            }
            else if (++_counter >= CounterLimit)
            {
                high = Advance(_lastHigh);
                _counter = random >>> 51;
            }
            else
            {
                high = _lastHigh;
            }

            _lastHigh = high;
            counter = _counter;
        }

        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, high);
        BinaryPrimitives.WriteInt64BigEndian(bytes[8..], unchecked((long)0x8000_0000_0000_0000UL) | (counter << 48) | (random & 0xFFFF_FFFF_FFFFL));
        return new Guid(bytes, bigEndian: true);
    }

    private static long TimeFields(long milliseconds, long microseconds) => (milliseconds << 16) | 0x7000L | microseconds;

    /// <summary>The time fields one microsecond later (microseconds stay below 1000, as the encoding requires).</summary>
    private static long Advance(long high)
    {
        var milliseconds = high >>> 16;
        var microseconds = high & 0xFFF;
        return microseconds >= 999 ? TimeFields(milliseconds + 1, 0) : TimeFields(milliseconds, microseconds + 1);
    }
}
