namespace EventTracking.Benchmarks.AsyncFloor;

/// <summary>
/// The least a queue between one producer and one consumer can do: an array ring with a tail the producer publishes
/// after every item (an emitted event must be visible at once) and a head the consumer publishes after every batch.
/// No compare-and-swap, no sequence numbers, no waking: the consumer spins.
/// </summary>
internal sealed class SingleProducerRing(int capacityPowerOfTwo)
{
    private readonly FloorEvent?[] _slots = new FloorEvent?[capacityPowerOfTwo];
    private readonly int _mask = capacityPowerOfTwo - 1;
    private Positions _positions;

    /// <summary>For the producer: adds the event unless the ring is full.</summary>
    public bool TryAdd(FloorEvent evt)
    {
        var tail = _positions.Tail;
        if (tail - Volatile.Read(ref _positions.Head) >= _slots.Length)
        {
            return false;
        }

        _slots[tail & _mask] = evt;
        Volatile.Write(ref _positions.Tail, tail + 1);
        return true;
    }

    /// <summary>For the consumer: takes up to <paramref name="into"/>.Length events.</summary>
    public int TryTake(FloorEvent[] into)
    {
        var head = _positions.Head;
        var available = (int)Math.Min(Volatile.Read(ref _positions.Tail) - head, into.Length);
        for (var i = 0; i < available; i++)
        {
            ref var slot = ref _slots[(head + i) & _mask];
            into[i] = slot!;
            slot = null;
        }

        Volatile.Write(ref _positions.Head, head + available);
        return available;
    }

    // Head and tail on cache lines of their own.
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit, Size = 192)]
    private struct Positions
    {
        [System.Runtime.InteropServices.FieldOffset(64)]
        public long Tail;

        [System.Runtime.InteropServices.FieldOffset(128)]
        public long Head;
    }
}
