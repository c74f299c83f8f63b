using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace EventTracking;

/// <summary>
/// The intake of an <see cref="AsyncRoutingBackend"/>: a bounded, lock-free FIFO that any number of emitting threads add
/// to and the node's worker takes from in batches. An array ring whose slots carry sequence numbers (Dmitry Vyukov's
/// bounded queue): adding costs one compare-and-swap on the tail, taking a batch one on the head.
/// </summary>
/// <remarks>
/// <para>
/// It holds at most <see cref="Capacity"/> items exactly; the ring is the next power of two, allocated at construction
/// (16 bytes a slot). Items are taken in the order their producers claimed positions, so each producer's items stay in
/// the order it added them. Taking is safe from several threads at once, which lets a producer evict the oldest item.
/// </para>
/// <para>
/// A producer that has claimed a position but not yet written its item holds up the items behind it for the nanoseconds
/// that takes (or longer if it is descheduled in between): <see cref="TryTake"/> then takes nothing although
/// <see cref="IsEmpty"/> is false, and the caller spins.
/// </para>
/// <para>
/// <see cref="Close"/> sets a bit in the tail, so every add that had not claimed its position by then fails, without a
/// lock: after it, what the queue holds is final.
/// </para>
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class IntakeQueue<T>
    where T : class
{
    private const long ClosedBit = 1L << 62;

    private readonly Slot[] _slots;
    private readonly long _mask;
    private PaddedPosition _tail;
    private PaddedPosition _head;

    /// <summary>Creates an empty queue.</summary>
    /// <param name="capacity">The most items it holds, at least 1 and at most 2^30.</param>
    public IntakeQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 1 << 30);
        Capacity = capacity;

        // At least two slots: with one, "published at p" and "free for p + 1" would be the same sequence number.
        var size = Math.Max(2, (int)BitOperations.RoundUpToPowerOf2((uint)capacity));
        _slots = new Slot[size];
        for (var i = 0; i < size; i++)
        {
            _slots[i].Sequence = i;
        }

        _mask = size - 1;
    }

    /// <summary>The most items the queue holds.</summary>
    public int Capacity { get; }

    /// <summary>Items added and not yet taken, including those whose producer is still writing them.</summary>
    public int Count
    {
        get
        {
            var head = Volatile.Read(ref _head.Value);
            var tail = Volatile.Read(ref _tail.Value) & ~ClosedBit;
            return (int)Math.Clamp(tail - head, 0, Capacity);
        }
    }

    /// <summary>Whether no position is claimed beyond the head: nothing to take, and no producer writing.</summary>
    public bool IsEmpty => (Volatile.Read(ref _tail.Value) & ~ClosedBit) == Volatile.Read(ref _head.Value);

    /// <summary>Whether <see cref="Close"/> has been called.</summary>
    public bool IsClosed => (Volatile.Read(ref _tail.Value) & ClosedBit) != 0;

    /// <summary>The position the next item will get; every item added before the call has a lower one.</summary>
    public long Tail => Volatile.Read(ref _tail.Value) & ~ClosedBit;

    /// <summary>The position of the next item to take; every lower position has been taken.</summary>
    public long Head => Volatile.Read(ref _head.Value);

    /// <summary>Adds an item unless the queue is full or closed.</summary>
    /// <returns>Whether the item was added.</returns>
    public bool TryAdd(T item)
    {
        var spinner = default(SpinWait);
        while (true)
        {
            // Read the tail before the head: if the difference says full, the queue was full when the head was read.
            var tail = Volatile.Read(ref _tail.Value);
            if (tail - Volatile.Read(ref _head.Value) >= Capacity)
            {
                return false; // full, or closed (the closed bit makes the difference huge)
            }

            ref var slot = ref _slots[tail & _mask];
            var sequence = Volatile.Read(ref slot.Sequence);
            if (sequence == tail)
            {
                if (Interlocked.CompareExchange(ref _tail.Value, tail + 1, tail) == tail)
                {
                    slot.Item = item;
                    Volatile.Write(ref slot.Sequence, tail + 1);
                    return true;
                }
            }
            else if (sequence < tail)
            {
                // The slot's previous item has been claimed by a taker that has not copied it out yet.
                spinner.SpinOnce(sleep1Threshold: -1);
            }
        }
    }

    /// <summary>Takes up to <paramref name="into"/>.Length items from the head, in order.</summary>
    /// <returns>How many were taken; 0 when the queue is empty or the item at the head is still being written.</returns>
    public int TryTake(Span<T> into)
    {
        while (true)
        {
            var head = Volatile.Read(ref _head.Value);
            var ready = 0;
            while (ready < into.Length && Volatile.Read(ref _slots[(head + ready) & _mask].Sequence) == head + ready + 1)
            {
                ready++;
            }

            if (ready == 0)
            {
                return 0;
            }

            // Another taker (an evicting producer) may have moved the head; the head never moves back, so no ABA.
            if (Interlocked.CompareExchange(ref _head.Value, head + ready, head) != head)
            {
                continue;
            }

            for (var i = 0; i < ready; i++)
            {
                into[i] = Release(head + i);
            }

            return ready;
        }
    }

    /// <summary>Takes the item at the head, if it has been written.</summary>
    /// <returns>Whether an item was taken.</returns>
    public bool TryTakeOne([NotNullWhen(true)] out T? item)
    {
        while (true)
        {
            var head = Volatile.Read(ref _head.Value);
            if (Volatile.Read(ref _slots[head & _mask].Sequence) != head + 1)
            {
                item = null;
                return false;
            }

            if (Interlocked.CompareExchange(ref _head.Value, head + 1, head) == head)
            {
                item = Release(head);
                return true;
            }
        }
    }

    /// <summary>Refuses every later add. Idempotent.</summary>
    public void Close() => Interlocked.Or(ref _tail.Value, ClosedBit);

    /// <summary>Copies out the item at a claimed position and frees its slot for the position one lap later.</summary>
    private T Release(long position)
    {
        ref var slot = ref _slots[position & _mask];
        var item = slot.Item!;
        slot.Item = null;
        Volatile.Write(ref slot.Sequence, position + _mask + 1);
        return item;
    }

    private struct Slot
    {
        public T? Item;
        public long Sequence;
    }
}
