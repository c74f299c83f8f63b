using EventTracking.Reading;

namespace EventTracking.Tests.Reading;

/// <summary>An <see cref="IEventReader"/> over a list, reading pages as the contract says; counts are not needed here.</summary>
internal sealed class ListEventReader : IEventReader
{
    public List<TrackingEvent> Events { get; } = [];

    public Task<EventPage> ReadAsync(EventReadQuery query, CancellationToken cancellationToken = default)
    {
        query.Validate();
        var ordered = Events.Where(query.Filter.Matches).OrderBy(EventCursor.At).ToList();
        if (query.Order == EventOrder.NewestFirst)
        {
            ordered.Reverse();
        }

        var after = query.After is { } cursor
            ? ordered.Where(e => query.Order == EventOrder.OldestFirst ? EventCursor.At(e) > cursor : EventCursor.At(e) < cursor)
            : ordered;
        var page = after.Take(query.Limit).ToList();
        return Task.FromResult(new EventPage(page, page.Count == query.Limit ? EventCursor.At(page[^1]) : null));
    }

    public Task<TrackingEvent?> FindAsync(Guid id, CancellationToken cancellationToken = default) => Task.FromResult(Events.Find(e => e.Id == id));

    public Task<long> CountAsync(EventFilter filter, CancellationToken cancellationToken = default) => Task.FromResult((long)Events.Count(filter.Matches));

    public Task<IReadOnlyList<EventCount>> CountByNameAsync(EventCountQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<DailyUserCount>> CountDistinctUsersAsync(DistinctUsersQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<EventNameSummary>> GetCatalogAsync(EventCatalogQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
