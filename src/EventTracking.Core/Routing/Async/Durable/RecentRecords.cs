namespace EventTracking;

/// <summary>
/// The most recently committed events of a durable buffer, still as objects, so a child that keeps up is fed from
/// memory and only a child that fell behind (or a restarted process) reads and parses the segment files.
/// </summary>
/// <remarks>Not thread-safe: the log calls it under its lock.</remarks>
internal sealed class RecentRecords(int capacity)
{
    private readonly TrackingEvent?[] _events = new TrackingEvent?[capacity];
    private readonly long[] _segments = new long[capacity];
    private readonly long[] _ends = new long[capacity];
    private long _low;
    private long _high;

    /// <summary>Records the event committed under <paramref name="seq"/>, which ends at <paramref name="end"/> in segment <paramref name="segment"/>.</summary>
    public void Add(long seq, TrackingEvent evt, long segment, long end)
    {
        if (seq != _high)
        {
            // A gap (a refused group): start over from here.
            Array.Clear(_events);
            _low = seq;
        }

        var slot = (int)(seq % _events.Length);
        _events[slot] = evt;
        _segments[slot] = segment;
        _ends[slot] = end;
        _high = seq + 1;
        _low = Math.Max(_low, _high - _events.Length);
    }

    /// <summary>Copies events from <paramref name="from"/> on, if this holds it.</summary>
    /// <returns>How many were copied; 0 if <paramref name="from"/> is not held.</returns>
    public int Take(long from, Span<TrackingEvent> into, out long segment, out long end)
    {
        segment = 0;
        end = 0;
        if (from < _low || from >= _high)
        {
            return 0;
        }

        var count = (int)Math.Min(into.Length, _high - from);
        for (var i = 0; i < count; i++)
        {
            into[i] = _events[(int)((from + i) % _events.Length)]!;
        }

        var last = (int)((from + count - 1) % _events.Length);
        segment = _segments[last];
        end = _ends[last];
        return count;
    }
}
