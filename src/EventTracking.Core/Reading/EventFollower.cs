namespace EventTracking.Reading;

/// <summary>
/// Follows a store for new events, as a live tail does: each <see cref="PollAsync"/> returns the matching events
/// stored since the last one, oldest first, each once. Used by the dashboard's live tail and the command-line tool.
/// Not thread-safe: one follower per tail.
/// </summary>
/// <remarks>
/// Events are ordered by the timestamp stamped at <c>Emit</c>, and an async router stores them a moment later, so an
/// event can be stored with a timestamp before the newest one already seen. Each poll therefore reads again from
/// <c>lookback</c> before the newest cursor seen and skips the ids it has returned; an event stored later than that
/// after it was emitted is missed. The cost is one read per poll, nothing on <c>Emit</c>.
/// </remarks>
public sealed class EventFollower
{
    private const int PageSize = 500;

    private readonly IEventReader _reader;
    private readonly EventFilter _filter;
    private readonly TimeSpan _lookback;
    private readonly Dictionary<Guid, DateTimeOffset> _seen = [];
    private EventCursor? _newest;

    /// <summary>Creates a follower of the events that match <paramref name="filter"/>.</summary>
    /// <param name="reader">The store.</param>
    /// <param name="filter">Which events; its <see cref="EventFilter.From"/> is replaced by the follower's window.</param>
    /// <param name="lookback">How far before the newest event seen each poll looks again (0 to 10 minutes).</param>
    /// <exception cref="ArgumentException">The filter or the lookback is invalid; the message names it.</exception>
    public EventFollower(IEventReader reader, EventFilter filter, TimeSpan lookback)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(filter);
        filter.Validate();
        if (lookback < TimeSpan.Zero || lookback > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(lookback), lookback, $"The lookback must be between 0 and 10 minutes, not {lookback}.");
        }

        _reader = reader;
        _filter = filter;
        _lookback = lookback;
    }

    /// <summary>The newest position seen so far; <see langword="null"/> before anything was seen.</summary>
    public EventCursor? Position => _newest;

    /// <summary>
    /// Sets where following starts: after <paramref name="after"/>, or, when it is <see langword="null"/>, after the
    /// newest matching event stored now (so only new events are returned). Call once, before the first poll; without
    /// it the first poll returns every matching event.
    /// </summary>
    /// <param name="after">The position to continue after, such as a cursor a browser sent back.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    public async Task StartAsync(EventCursor? after, CancellationToken cancellationToken = default)
    {
        var start = after;
        if (start is null)
        {
            var newest = await _reader.ReadAsync(new EventReadQuery { Filter = _filter, Limit = 1 }, cancellationToken).ConfigureAwait(false);
            start = newest.Events.Count == 0 ? null : EventCursor.At(newest.Events[0]);
        }

        if (start is { } bound)
        {
            // What is stored at or before the start is not news: remember it so the lookback does not return it.
            foreach (var evt in await ReadWindowAsync(bound, cancellationToken).ConfigureAwait(false))
            {
                if (EventCursor.At(evt) <= bound)
                {
                    _seen.TryAdd(evt.Id, evt.Timestamp);
                }
            }

            _newest = bound;
        }
    }

    /// <summary>Reads the matching events stored since the last poll, oldest first, each returned once.</summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The new events; empty when there are none.</returns>
    public async Task<IReadOnlyList<TrackingEvent>> PollAsync(CancellationToken cancellationToken = default)
    {
        var fresh = new List<TrackingEvent>();
        foreach (var evt in await ReadWindowAsync(_newest, cancellationToken).ConfigureAwait(false))
        {
            if (_seen.TryAdd(evt.Id, evt.Timestamp))
            {
                fresh.Add(evt);
                var cursor = EventCursor.At(evt);
                _newest = _newest is { } n && n > cursor ? n : cursor;
            }
        }

        Forget();
        return fresh;
    }

    private async Task<List<TrackingEvent>> ReadWindowAsync(EventCursor? newest, CancellationToken cancellationToken)
    {
        var from = newest is { } n ? n.Timestamp - _lookback : (DateTimeOffset?)null;
        var query = new EventReadQuery { Filter = _filter with { From = from }, Order = EventOrder.OldestFirst, Limit = PageSize };
        var events = new List<TrackingEvent>();
        while (true)
        {
            var page = await _reader.ReadAsync(query, cancellationToken).ConfigureAwait(false);
            events.AddRange(page.Events);
            if (page.Next is null)
            {
                return events;
            }

            query = query with { After = page.Next };
        }
    }

    private void Forget()
    {
        if (_newest is not { } newest || _seen.Count < 4096)
        {
            return;
        }

        var horizon = newest.Timestamp - _lookback;
        foreach (var (id, timestamp) in _seen)
        {
            if (timestamp < horizon)
            {
                _seen.Remove(id);
            }
        }
    }
}
