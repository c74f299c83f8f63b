using EventTracking.Benchmarks.ContextRead;

namespace EventTracking.Benchmarks.AsyncFloor;

/// <summary>
/// The hand-written floor of "one producer through an async queue into a batch backend": the producer stamps each
/// event as the library does (a microsecond UTC timestamp, a UUID v7 whose order across threads costs one
/// compare-and-swap, the context in force, the data copied into pairs) and adds it to a <see cref="SingleProducerRing"/>;
/// a consumer thread takes batches of up to 500, reads every event as <see cref="ReadingBatchBackend"/> does, and spins a
/// moment after a small batch (which was worth 1.5–2× the throughput here).
/// No routing, processors, lanes, flush requests, metrics or waking: what any in-process async tracker has to do.
/// </summary>
internal sealed class HandWrittenAsyncFloor
{
    private const int SmallTake = 64;

    private static long _lastId;

    private readonly PairWalk _walk = new();

    /// <summary>Emits <paramref name="events"/> events from the calling thread and returns once the consumer has read them all.</summary>
    /// <returns>The calling thread's CPU time in nanoseconds spent emitting.</returns>
    public double Run(int events)
    {
        var ring = new SingleProducerRing(1 << 14);
        var consumed = 0L;
        var consumer = new Thread(() =>
        {
            var batch = new FloorEvent[500];
            var spinner = default(SpinWait);
            while (Volatile.Read(ref consumed) < events)
            {
                var taken = ring.TryTake(batch);
                if (taken == 0)
                {
                    spinner.SpinOnce(sleep1Threshold: -1);
                    continue;
                }

                spinner = default;
                if (taken < SmallTake)
                {
                    // Caught up with the producer: let it fill whole cache lines of the ring before looking again,
                    // rather than pulling each slot (and the tail) across cores as soon as it is written.
                    Thread.SpinWait(200);
                }

                for (var i = 0; i < taken; i++)
                {
                    Read(batch[i]);
                }

                Array.Clear(batch, 0, taken);
                Volatile.Write(ref consumed, consumed + taken);
            }
        });
        consumer.Start();
        var begin = ThreadCpuClock.Now();
        for (var i = 0; i < events; i++)
        {
            var evt = Stamp("navigation.request", [new("i", i)]);
            while (!ring.TryAdd(evt))
            {
                Thread.SpinWait(1);
            }
        }

        var emitting = ThreadCpuClock.Now() - begin;
        consumer.Join();
        return emitting;
    }

    private static FloorEvent Stamp(string name, KeyValuePair<string, object?>[] data)
    {
        var now = DateTimeOffset.UtcNow;
        var timestamp = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero);
        return new FloorEvent(NewId(timestamp), name, timestamp, null, data);
    }

    // The library's id scheme (microseconds, then a counter, ordered across threads by one compare-and-swap).
    private static Guid NewId(DateTimeOffset timestamp)
    {
        var microseconds = (timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
        var random = Random.Shared.NextInt64();
        var fresh = (microseconds << 10) | (random >>> 55);
        var last = Volatile.Read(ref _lastId);
        long next;
        while (true)
        {
            next = fresh > last ? fresh : last + 1;
            var seen = Interlocked.CompareExchange(ref _lastId, next, last);
            if (seen == last)
            {
                break;
            }

            last = seen;
        }

        return new Guid((int)(next >>> 32), (short)(next >>> 16), (short)next, (byte)(random >>> 56), (byte)(random >>> 48), (byte)(random >>> 40), (byte)(random >>> 32), (byte)(random >>> 24), (byte)(random >>> 16), (byte)(random >>> 8), (byte)random);
    }

    private void Read(FloorEvent evt)
    {
        _walk.Touch(evt.Id);
        _walk.Touch(evt.Name, evt.Timestamp);
        foreach (var (key, value) in evt.Data)
        {
            _walk.Touch(key, value);
        }
    }
}
