using EventTracking.Reading;

namespace EventTracking;

/// <summary>The backend reads back what it stored, through a <see cref="MongoEventReader"/> over its own client.</summary>
public sealed partial class MongoBackend : IEventReader, IEventRetention
{
    private MongoEventReader Reader => _reader ?? throw new InvalidOperationException("This backend was built for tests without a collection.");

    /// <inheritdoc />
    public Task<EventPage> ReadAsync(EventReadQuery query, CancellationToken cancellationToken = default) => Reader.ReadAsync(query, cancellationToken);

    /// <inheritdoc />
    public Task<TrackingEvent?> FindAsync(Guid id, CancellationToken cancellationToken = default) => Reader.FindAsync(id, cancellationToken);

    /// <inheritdoc />
    public Task<long> CountAsync(EventFilter filter, CancellationToken cancellationToken = default) => Reader.CountAsync(filter, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<EventCount>> CountByNameAsync(EventCountQuery query, CancellationToken cancellationToken = default) =>
        Reader.CountByNameAsync(query, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<DailyUserCount>> CountDistinctUsersAsync(DistinctUsersQuery query, CancellationToken cancellationToken = default) =>
        Reader.CountDistinctUsersAsync(query, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<EventNameSummary>> GetCatalogAsync(EventCatalogQuery query, CancellationToken cancellationToken = default) =>
        Reader.GetCatalogAsync(query, cancellationToken);

    /// <inheritdoc />
    public Task<int> DeleteBeforeAsync(DateTimeOffset cutoff, int maxEvents, CancellationToken cancellationToken = default) =>
        Reader.DeleteBeforeAsync(cutoff, maxEvents, cancellationToken);
}
