using System.Text;
using Microsoft.Extensions.Logging;

namespace EventTracking;

/// <summary>
/// Logs an async routing node's drops at most once per interval, with the counts since the previous report, so a
/// dropping storm costs one warning rather than one per event.
/// </summary>
internal sealed class DropReporter
{
    private static readonly string[] Reasons =
        [DropReasons.QueueFull, DropReasons.RetriesExhausted, DropReasons.ShutdownTimeout, DropReasons.Disposed, DropReasons.WaitTimeout, DropReasons.BufferFull, DropReasons.Corrupt];

    private readonly long[] _pending = new long[Reasons.Length];
    private readonly AsyncRoutingBackend _node;
    private readonly TimeProvider _time;
    private readonly long _interval;
    private long _nextReport;

    public DropReporter(AsyncRoutingBackend node, TimeProvider time, TimeSpan interval)
    {
        _node = node;
        _time = time;
        _interval = (long)(interval.TotalSeconds * time.TimestampFrequency);
        _nextReport = time.GetTimestamp();
    }

    public void Add(string reason, long count)
    {
        Interlocked.Add(ref _pending[Array.IndexOf(Reasons, reason)], count);
        var now = _time.GetTimestamp();
        var next = Volatile.Read(ref _nextReport);
        if (now >= next && Interlocked.CompareExchange(ref _nextReport, now + _interval, next) == next)
        {
            Report();
        }
    }

    /// <summary>Logs whatever was dropped since the last report; called on shutdown so no count goes unlogged.</summary>
    public void Report()
    {
        long total = 0;
        StringBuilder? reasons = null;
        for (var i = 0; i < Reasons.Length; i++)
        {
            var count = Interlocked.Exchange(ref _pending[i], 0);
            if (count == 0)
            {
                continue;
            }

            total += count;
            reasons = reasons is null ? new StringBuilder() : reasons.Append(", ");
            reasons.Append(Reasons[i]).Append('=').Append(count);
        }

        if (reasons is not null)
        {
            Log.EventsDropped(_node.NodeLogger, _node.Name, total, reasons.ToString());
        }
    }
}
