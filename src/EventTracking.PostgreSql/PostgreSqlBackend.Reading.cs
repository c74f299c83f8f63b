using EventTracking.Reading;

namespace EventTracking;

/// <summary>The backend reads back what it stored, through a <see cref="PostgreSqlEventReader"/> over its own connections.</summary>
public sealed partial class PostgreSqlBackend : IEventReader, IEventRetention
{
    /// <inheritdoc />
    public Task<EventPage> ReadAsync(EventReadQuery query, CancellationToken cancellationToken = default) => _reader.ReadAsync(query, cancellationToken);

    /// <inheritdoc />
    public Task<TrackingEvent?> FindAsync(Guid id, CancellationToken cancellationToken = default) => _reader.FindAsync(id, cancellationToken);

    /// <inheritdoc />
    public Task<long> CountAsync(EventFilter filter, CancellationToken cancellationToken = default) => _reader.CountAsync(filter, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<EventCount>> CountByNameAsync(EventCountQuery query, CancellationToken cancellationToken = default) =>
        _reader.CountByNameAsync(query, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<DailyUserCount>> CountDistinctUsersAsync(DistinctUsersQuery query, CancellationToken cancellationToken = default) =>
        _reader.CountDistinctUsersAsync(query, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<EventNameSummary>> GetCatalogAsync(EventCatalogQuery query, CancellationToken cancellationToken = default) =>
        _reader.GetCatalogAsync(query, cancellationToken);

    /// <inheritdoc />
    public Task<int> DeleteBeforeAsync(DateTimeOffset cutoff, int maxEvents, CancellationToken cancellationToken = default) =>
        _reader.DeleteBeforeAsync(cutoff, maxEvents, cancellationToken);
}
