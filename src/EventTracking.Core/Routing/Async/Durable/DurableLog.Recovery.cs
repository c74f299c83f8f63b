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
        while (_segments.Count > 0)
        {
            var newest = _segments[^1];
            long validEnd, lastSeq;
            try
            {
                (validEnd, lastSeq) = Scan(_files.ReadAll(newest.Path), newest.Id);
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
                TornTail++;
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

        var next = Math.Max(Math.Max(last + 1, 1), _evictedBelow);
        if (_committedMark.Found is { } committed && committed > next)
        {
            // Committed records are missing at the end (a tail cut off, or the newest segment deleted): every child
            // that had not taken them counts the gap, exactly, so the torn bytes are not counted again here.
            next = committed;
            TornTail = 0;
        }

        foreach (var position in _children.Values)
        {
            next = Math.Max(next, position);
        }

        _nextSeq = next;
        _committed = next;
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
