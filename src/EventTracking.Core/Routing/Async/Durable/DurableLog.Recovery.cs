namespace EventTracking;

/// <summary>Opening the log: find the segments a previous process left, cut a torn tail, continue the sequence.</summary>
internal sealed partial class DurableLog
{
    private void Recover()
    {
        foreach (var leftover in Directory.EnumerateFiles(Options.Path, "*.tmp"))
        {
            TryDelete(leftover);
        }

        foreach (var file in Directory.EnumerateFiles(Options.Path, "*" + Segment.Extension))
        {
            if (Segment.TryParseId(System.IO.Path.GetFileName(file), out var id))
            {
                // A segment the process may not read stops the start, naming it: nothing is lost until the operator
                // fixes the permission. Other damage is skipped (and counted) by the readers.
                _files.RequireReadable(file);
                _segments.Add(new Segment(id, file) { Length = new FileInfo(file).Length, Sealed = true });
            }
        }

        _segments.Sort((a, b) => a.Id.CompareTo(b.Id));

        // Only the newest segment was being written when the previous process stopped; a crash can leave its end torn.
        long last = 0;
        long tornEnd = 0;
        while (_segments.Count > 0)
        {
            var newest = _segments[^1];
            long validEnd, lastSeq;
            try
            {
                var data = _files.ReadAll(newest.Path);
                (validEnd, lastSeq) = Scan(data, newest.Id);
                var firstTorn = lastSeq >= 0 ? lastSeq + 1 : newest.Id;
                var torn = CountTorn(data.AsSpan((int)Math.Min(validEnd, data.Length)), firstTorn);
                if (torn > 0)
                {
                    TornTail += torn;
                    tornEnd = Math.Max(tornEnd, firstTorn + torn);
                }
            }
            catch (IOException ex) when (ex.InnerException is not UnauthorizedAccessException)
            {
                // Unreadable (an I/O error): left for the readers, which skip it and count what it held; the sequence
                // continues after it (from the committed mark when there is one), so no record number is used twice.
                _files.Report(newest.Path, ex);
                last = newest.Id;
                break;
            }

            if (validEnd < newest.Length)
            {
                try
                {
                    using var file = SecureFiles.Open(newest.Path, FileMode.Open, FileAccess.Write, FileShare.Read);
                    file.SetLength(validEnd);
                    file.Flush(flushToDisk: true);
                }
                catch (UnauthorizedAccessException ex)
                {
                    throw BufferFiles.PermissionDenied(newest.Path, ex);
                }

                newest.Length = validEnd;
            }

            if (lastSeq >= 0)
            {
                last = lastSeq;
                break;
            }

            _segments.RemoveAt(_segments.Count - 1);
            TryDelete(newest.Path);
        }

        foreach (var segment in _segments)
        {
            _committedBytes += segment.Length;
        }

        // Records missing at the end (committed ones cut off or in a deleted newest segment, or the group that was being
        // written when the process stopped) are not reused: every child that had not taken them counts the gap, exactly.
        // The committed mark holds the end of the last group begun; without it, the torn records found on disk count.
        var next = Math.Max(Math.Max(Math.Max(last + 1, 1), tornEnd), _evictedBelow);
        if (_committedMark.Found is { } committed && committed > next)
        {
            next = committed;
        }

        foreach (var position in _children.Values)
        {
            next = Math.Max(next, position);
        }

        _nextSeq = next;
        _committed = next;
    }

    /// <summary>
    /// Counts the records whose bytes begin in <paramref name="torn"/> (what follows a segment's last intact record): a
    /// chain of headers with the expected sequence numbers, then one more for bytes no such header explains (a header cut
    /// short or damaged). Records of which no byte reached the disk leave no trace here; the committed mark counts them.
    /// </summary>
    /// <returns>0 when there are no torn bytes; otherwise at least 1.</returns>
    private static long CountTorn(ReadOnlySpan<byte> torn, long firstSeq)
    {
        long count = 0;
        var offset = 0L;
        while (torn.Length - offset >= RecordFormat.HeaderSize)
        {
            var header = torn[(int)offset..];
            var length = RecordFormat.ClaimedLength(header) - RecordFormat.HeaderSize;
            if (length <= 0 || length > RecordFormat.MaxPayload || RecordFormat.ClaimedSeq(header) != firstSeq + count)
            {
                break;
            }

            count++;
            offset += RecordFormat.HeaderSize + length;
        }

        return offset < torn.Length ? count + 1 : count;
    }

    /// <summary>Scans a whole segment's bytes, skipping damaged ones.</summary>
    /// <returns>The end of its last intact record and that record's sequence number (-1 when there is none).</returns>
    private static (long ValidEnd, long LastSeq) Scan(byte[] data, long firstSeq)
    {
        long validEnd = 0;
        long lastSeq = -1;
        var minSeq = firstSeq;
        for (var offset = 0; offset < data.Length;)
        {
            if (RecordFormat.TryRead(data.AsSpan(offset), minSeq, long.MaxValue, out var length, out var seq))
            {
                offset += length;
                validEnd = offset;
                lastSeq = seq;
                minSeq = seq + 1;
            }
            else
            {
                offset++;
            }
        }

        return (validEnd, lastSeq);
    }
}
