namespace EventTracking;

/// <summary>The log's children: where each starts, its saved position, and which segments all of them have passed.</summary>
internal sealed partial class DurableLog
{
    /// <summary>Where a child starts: its persisted position, else the oldest record held.</summary>
    /// <param name="child">The child's name.</param>
    /// <param name="evicted">
    /// How many records <see cref="BufferFullPolicy.DropOldest"/> deleted before this child took them, in a previous
    /// process that stopped before it could count them; the caller counts them and saves the returned position.
    /// </param>
    /// <param name="known">Whether the child had a persisted position.</param>
    public long Register(string child, out long evicted, out bool known)
    {
        evicted = 0;
        lock (_gate)
        {
            var oldest = _segments.Count > 0 ? _segments[0].Id : _committed;
            _registered.Add(child);
            known = _children.TryGetValue(child, out var position);
            if (!known && _forgotten.Remove(child, out position))
            {
                // Back after it was forgotten while the buffer was full: what was deleted meanwhile is lost to it.
                known = true;
                evicted = Math.Max(0, oldest - position);
            }
            else if (!known || position < oldest)
            {
                // No position, or one saved before the segments below the oldest were deleted: evicted by DropOldest
                // (below the persisted eviction mark), or passed by every child (above it).
                if (known && position < _evictedBelow)
                {
                    evicted = _evictedBelow - position;
                }
            }

            if (!known || position < oldest)
            {
                position = oldest;
            }

            _children[child] = position;
            return position;
        }
    }

    /// <summary>Persists a child's position and deletes the segments every registered child has passed.</summary>
    /// <remarks>
    /// Segments are deleted first, so a full disk gets its space back even when the position file cannot be written;
    /// a child whose saved position is older than every segment left starts at the oldest one (see <see cref="Register"/>).
    /// </remarks>
    /// <exception cref="IOException">The position could not be written; the deletion happened anyway.</exception>
    public void SavePosition(string child, long position)
    {
        lock (_gate)
        {
            _children[child] = position;
            DeletePassedSegments();
        }

        CrashPoints.Reach("position-saving");
        _positions.Save(child, position);
        CrashPoints.Reach("position-saved");
    }

    /// <summary>Forgets a child that is no longer in the tree, so it holds no segment back.</summary>
    public void Unregister(string child)
    {
        lock (_gate)
        {
            _children.Remove(child);
            _registered.Remove(child);
        }
    }

    /// <summary>Deletes the sealed segments every child has passed (under the lock).</summary>
    private void DeletePassedSegments()
    {
        if (_children.Count == 0)
        {
            return;
        }

        var min = _children.Values.Min();
        while (_segments.Count > 1 && _segments[0].Sealed && _segments[1].Id <= min)
        {
            DeleteOldest();
        }
    }

    /// <summary>
    /// When the buffer is full (under the lock): a child with a saved position that this process has not registered
    /// (removed from the tree, or renamed) stops holding segments back, so it cannot keep the buffer full forever. If it
    /// comes back later (in this process) it starts at the oldest record held, and what was deleted meanwhile is counted
    /// dropped for it (<c>buffer_full</c>).
    /// </summary>
    private void ForgetAbsentChildren()
    {
        if (_registered.Count == 0 || _children.Count == _registered.Count)
        {
            return;
        }

        foreach (var absent in _children.Keys.Where(c => !_registered.Contains(c)).ToList())
        {
            _forgotten[absent] = _children[absent];
            _children.Remove(absent);
        }

        DeletePassedSegments();
    }
}
