namespace EventTracking.Reading;

/// <summary>
/// Reads stored events back: pages of events in (timestamp, id) order, counts by name per time bucket, distinct users
/// per day and the catalog of names and fields. Implemented by the stores that can be read (SQLite, PostgreSQL, MongoDB).
/// </summary>
/// <remarks>
/// <para>
/// Every method may run beside the store's writer and beside other reads; none of them changes the store. Every
/// query is validated first: an invalid one throws <see cref="ArgumentException"/> naming the bad value before the
/// store is touched. A store that has no events yet (no file, no table) reads as empty.
/// </para>
/// <para>
/// To follow new events (a live tail), take the cursor of the newest stored event
/// (<see cref="ReadAsync"/> with <see cref="EventOrder.NewestFirst"/> and a limit of 1), then read
/// <see cref="EventOrder.OldestFirst"/> pages <see cref="EventReadQuery.After"/> the last cursor seen. Events are
/// ordered by the timestamp stamped at <c>Emit</c>, not by the time they were stored, so an event stored late with an
/// earlier timestamp sorts before the cursor; a follower that must not miss such events re-reads a short window
/// before its cursor and skips ids it has already seen.
/// </para>
/// </remarks>
public interface IEventReader
{
    /// <summary>Reads one page of the events that match the query, in the query's order.</summary>
    /// <param name="query">Filters, order, where to continue and how many.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The events and, when more may follow, the cursor to continue after.</returns>
    /// <exception cref="ArgumentException">The query is invalid; the message names the value.</exception>
    Task<EventPage> ReadAsync(EventReadQuery query, CancellationToken cancellationToken = default);

    /// <summary>Finds one event by its id.</summary>
    /// <param name="id">The event id.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The event, or <see langword="null"/> when no stored event has that id.</returns>
    Task<TrackingEvent?> FindAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Counts the events that match a filter.</summary>
    /// <param name="filter">Which events; <see cref="EventFilter.All"/> for every stored event.</param>
    /// <param name="cancellationToken">Stops counting.</param>
    /// <returns>How many events match.</returns>
    /// <exception cref="ArgumentException">The filter is invalid; the message names the value.</exception>
    Task<long> CountAsync(EventFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Counts the matching events by name per time bucket (UTC-aligned minutes, hours or days).</summary>
    /// <param name="query">The filter (with a start), the bucket size.</param>
    /// <param name="cancellationToken">Stops counting.</param>
    /// <returns>Non-empty buckets only, ordered by bucket start, then name (ordinal).</returns>
    /// <exception cref="ArgumentException">The query is invalid; the message names the value.</exception>
    Task<IReadOnlyList<EventCount>> CountByNameAsync(EventCountQuery query, CancellationToken cancellationToken = default);

    /// <summary>Counts the distinct users per UTC day, a user being a distinct value of a context key.</summary>
    /// <param name="query">The filter and the context key that names the user (<c>user_id</c> unless told otherwise).</param>
    /// <param name="cancellationToken">Stops counting.</param>
    /// <returns>Days with at least one user, oldest first. Events without the key (or with a null value) count for no user.</returns>
    /// <exception cref="ArgumentException">The query is invalid; the message names the value.</exception>
    Task<IReadOnlyList<DailyUserCount>> CountDistinctUsersAsync(DistinctUsersQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists every event name with its count, first and last seen and, when asked, the fields its events carry in
    /// <c>data</c> and <c>context</c> (types, presence and examples inferred from the newest events of the name).
    /// </summary>
    /// <param name="query">The filter, whether to infer fields, how many events per name to inspect.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>One entry per name, ordered by name (ordinal).</returns>
    /// <exception cref="ArgumentException">The query is invalid; the message names the value.</exception>
    Task<IReadOnlyList<EventNameSummary>> GetCatalogAsync(EventCatalogQuery query, CancellationToken cancellationToken = default);
}
