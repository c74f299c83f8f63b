namespace EventTracking;

/// <summary>The writing side's segment files: room under <see cref="DurableBufferOptions.MaxBytes"/>, the active segment, rolls and deletions.</summary>
internal sealed partial class DurableLog
{
    private bool HasRoom(ref bool evicted)
    {
        // Only this writer adds to the committed bytes (others only delete segments), so room seen here stays room:
        // the lock is needed only when the buffer looks full.
        if (Volatile.Read(ref _committedBytes) + _group.Length <= Options.MaxBytes)
        {
            return true;
        }

        lock (_gate)
        {
            ForgetAbsentChildren();
            while (_committedBytes + _group.Length > Options.MaxBytes)
            {
                if (Options.FullPolicy == BufferFullPolicy.RefuseNew || _segments.Count == 0)
                {
                    return false;
                }

                if (!_segments[0].Sealed)
                {
                    SealActive();
                }

                var evictedBelow = _segments.Count > 1 ? _segments[1].Id : _committed;
                // Persisted before the segment goes, so a process that stops before a lane counts the eviction
                // leaves the count to the next start (see Register).
                if (!_evictions.TrySave(evictedBelow))
                {
                    return false;
                }

                _evictedBelow = evictedBelow;
                DeleteOldest();
                evicted = true;
            }

            return true;
        }
    }

    private void EnsureActive()
    {
        if (_active is not null)
        {
            return;
        }

        var segment = new Segment(_nextSeq, System.IO.Path.Combine(Options.Path, Segment.FileName(_nextSeq)));
        _active = SecureFiles.Open(segment.Path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete);
        CrashPoints.Reach("segment-created");
        lock (_gate)
        {
            _activeSegment = segment;
            _segments.Add(segment);
        }
    }

    /// <summary>After a failed write: cut the segment back to what was committed, drop the group, start a new segment next time.</summary>
    private void Discard(long committedLength)
    {
        _pending.Clear();
        _group.Truncate(0);

        // The group's numbers are used again by the next group: the mark must not claim them as lost (they are counted
        // buffer_full). If even this small overwrite fails, the next commit's mark, or Dispose, writes it.
        _markAhead = !_committedMark.TrySave(_nextSeq);
        lock (_gate)
        {
            try
            {
                _active?.SetLength(committedLength);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Readers stop at the committed length anyway, and recovery drops the damaged tail.
            }

            var empty = _activeSegment is { Length: 0 } ? _activeSegment : null;
            SealActive();
            if (empty is not null)
            {
                _segments.Remove(empty);
                TryDelete(empty.Path);
            }
        }
    }

    private void SealActive()
    {
        if (_activeSegment is not null)
        {
            _activeSegment.Sealed = true;
        }

        _active?.Dispose();
        _active = null;
        _activeSegment = null;
    }

    private void DeleteOldest()
    {
        var oldest = _segments[0];
        _segments.RemoveAt(0);
        _committedBytes -= oldest.Length;
        CrashPoints.Reach("segment-deleting");
        TryDelete(oldest.Path);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A segment that cannot be deleted now is found again and deleted at the next start.
        }
    }
}
