using EventTracking.Reading;

namespace EventTracking;

/// <summary>The simple read of every store: the newest events by name and time range, as <c>SqliteBackend.QueryAsync</c> offers.</summary>
public static class EventReaderExtensions
{
    /// <summary>
    /// Reads the events that match <paramref name="query"/>, newest first (ties broken by id, also descending), from any
    /// store's reader (<c>PostgreSqlEventReader</c>, <c>PostgreSqlBackend</c>, <c>MongoEventReader</c>, …), paging through
    /// <see cref="IEventReader.ReadAsync"/> so a limit above <see cref="EventReadQuery.MaxLimit"/> still returns that many.
    /// </summary>
    /// <param name="reader">The store's reader.</param>
    /// <param name="query">The name, the time range and the limit.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The events; empty when the store holds none (or its table does not exist yet).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="EventQuery.Limit"/> is not positive.</exception>
    public static async Task<IReadOnlyList<TrackingEvent>> QueryAsync(this IEventReader reader, EventQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit, "query.Limit");
        var events = new List<TrackingEvent>();
        var read = new EventReadQuery { Filter = new EventFilter { Name = query.Name, From = query.From, To = query.To } };
        do
        {
            read = read with { Limit = Math.Min(query.Limit - events.Count, EventReadQuery.MaxLimit) };
            var page = await reader.ReadAsync(read, cancellationToken).ConfigureAwait(false);
            events.AddRange(page.Events);
            read = read with { After = page.Next };
        }
        while (read.After is not null && events.Count < query.Limit);

        return events;
    }
}
