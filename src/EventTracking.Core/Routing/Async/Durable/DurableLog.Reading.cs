using System.Text.Json;

namespace EventTracking;

/// <summary>The reading side of the log: each lane takes committed records from its own cursor.</summary>
internal sealed partial class DurableLog
{
    /// <summary>
    /// Takes the committed events from <paramref name="cursor"/>'s position on, from memory when they are recent, else
    /// from the segment files; damaged records are skipped and counted.
    /// </summary>
    /// <param name="cursor">The lane's cursor; advanced past what is returned and skipped.</param>
    /// <param name="into">Where the events go.</param>
    /// <param name="corrupt">How many records were skipped as damaged (failed checksum, unreadable JSON, lost to a torn write).</param>
    /// <param name="evicted">How many records the lane never got because <see cref="BufferFullPolicy.DropOldest"/> deleted them.</param>
    /// <returns>How many events were put in <paramref name="into"/>.</returns>
    public int Read(LogCursor cursor, Span<TrackingEvent> into, out long corrupt, out long evicted)
    {
        corrupt = 0;
        evicted = 0;
        var count = 0;
        while (count < into.Length)
        {
            Segment segment;
            long limit;
            long committed;
            lock (_gate)
            {
                committed = _committed;
                if (cursor.Next < _evictedBelow)
                {
                    evicted += _evictedBelow - cursor.Next;
                    cursor.Reset(_evictedBelow);
                }

                if (cursor.Next >= committed)
                {
                    return count;
                }

                var fromMemory = _recent.Take(cursor.Next, into[count..], out var recentSegment, out var recentEnd);
                if (fromMemory > 0)
                {
                    cursor.Next += fromMemory;
                    cursor.MoveTo(recentSegment, recentEnd);
                    count += fromMemory;
                    continue;
                }

                var index = Locate(cursor);
                if (index < 0)
                {
                    // Nothing on disk holds the position (its records were lost): skip to what is committed.
                    corrupt += committed - cursor.Next;
                    cursor.Reset(committed);
                    return count;
                }

                segment = _segments[index];
                limit = segment.Length;
                if (cursor.Offset >= limit)
                {
                    if (index + 1 < _segments.Count)
                    {
                        cursor.MoveTo(_segments[index + 1].Id, 0);
                        continue;
                    }

                    // The end of the newest segment is the committed end: records not found before it were damaged.
                    corrupt += committed - cursor.Next;
                    cursor.Next = committed;
                    return count;
                }
            }

            count += ReadSegment(cursor, segment, limit, committed, into[count..], ref corrupt, _files, out var failure);
            if (failure is not null)
            {
                // The segment is gone, cut short or cannot be read: what is left of it is skipped and counted, once per
                // child, and the file is reported once; the lane goes on with the next segment instead of retrying.
                _files.Report(segment.Path, failure);
                corrupt += SkipRestOf(cursor, segment);
            }
        }

        return count;
    }

    /// <summary>Finds the cursor's segment (under the lock); positions a fresh cursor at the start of the segment holding its record.</summary>
    /// <returns>The segment's index, or -1 if no segment holds anything at or after the cursor's position.</returns>
    private int Locate(LogCursor cursor)
    {
        if (cursor.SegmentId >= 0)
        {
            var current = _segments.FindIndex(s => s.Id == cursor.SegmentId);
            if (current >= 0)
            {
                return current;
            }
        }

        var index = _segments.FindLastIndex(s => s.Id <= cursor.Next);
        if (index < 0)
        {
            index = _segments.Count > 0 ? 0 : -1;
        }

        if (index >= 0)
        {
            cursor.MoveTo(_segments[index].Id, 0);
        }

        return index;
    }

    /// <summary>Moves the cursor past the rest of <paramref name="segment"/>, to the next segment or the committed end.</summary>
    /// <returns>How many records that skipped.</returns>
    private long SkipRestOf(LogCursor cursor, Segment segment)
    {
        lock (_gate)
        {
            var index = _segments.IndexOf(segment);
            var end = index >= 0 && index + 1 < _segments.Count ? _segments[index + 1].Id : _committed;
            var skipped = Math.Max(0, end - cursor.Next);
            cursor.Reset(Math.Max(end, cursor.Next));
            cursor.Close();
            return skipped;
        }
    }

    /// <summary>Reads records of one segment from the cursor on, up to <c>limit</c> (its committed length).</summary>
    /// <remarks>
    /// <c>failure</c> is set when the file cannot be opened or read, or ends before its committed length; the events
    /// read before that are returned as usual.
    /// </remarks>
    private static int ReadSegment(LogCursor cursor, Segment segment, long limit, long committed, Span<TrackingEvent> into, ref long corrupt, BufferFiles files, out Exception? failure)
    {
        failure = null;
        var count = 0;
        while (count < into.Length && cursor.Offset < limit)
        {
            if (cursor.Offset >= cursor.FileEnd)
            {
                failure = new EndOfStreamException($"The segment file ends at byte {cursor.FileEnd}, before its committed length {limit}.");
                return count;
            }

            ReadOnlySpan<byte> data;
            try
            {
                data = cursor.Load(segment.Path, limit, RecordFormat.HeaderSize, files);
                var claimed = RecordFormat.ClaimedLength(data);
                if (claimed > data.Length && claimed <= limit - cursor.Offset && claimed <= RecordFormat.MaxPayload + RecordFormat.HeaderSize)
                {
                    data = cursor.Load(segment.Path, limit, claimed, files);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                failure = ex;
                return count;
            }

            if (!RecordFormat.TryRead(data, segment.Id, committed - 1, out var length, out var seq))
            {
                // Damaged bytes: look for the next intact record one byte further on; the sequence gap counts the loss.
                cursor.Offset++;
                continue;
            }

            if (seq < cursor.Next)
            {
                cursor.Offset += length;
                continue;
            }

            TrackingEvent? evt;
            try
            {
                evt = EventJson.Parse(data.Slice(RecordFormat.HeaderSize, length - RecordFormat.HeaderSize).ToArray());
            }
            catch (JsonException)
            {
                evt = null;
            }

            corrupt += seq - cursor.Next + (evt is null ? 1 : 0);
            cursor.Next = seq + 1;
            cursor.Offset += length;
            if (evt is not null)
            {
                into[count++] = evt;
            }
        }

        return count;
    }
}
