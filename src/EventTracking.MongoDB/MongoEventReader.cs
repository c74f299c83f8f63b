using System.Globalization;
using EventTracking.Reading;
using MongoDB.Bson;
using MongoDB.Driver;

namespace EventTracking;

/// <summary>
/// Reads events back from a collection written by a <see cref="MongoBackend"/>: pages by cursor, counts, distinct users,
/// the catalog of names and fields, and batch retention. <see cref="MongoBackend"/> offers the same through its own
/// <see cref="IEventReader"/> implementation.
/// </summary>
/// <remarks>
/// <para>
/// Needs MongoDB 5.0 or later (<c>$dateTrunc</c>, <c>$getField</c>). Nothing is created: a database or collection that
/// does not exist reads as empty. Every operation uses the simple (binary) collation, whatever the collection's default,
/// so names compare exactly as the other stores compare them. Documents come back through
/// <see cref="BsonEventMapper.FromBsonDocument"/>: timestamps in whole milliseconds, integers as <see cref="int"/> or
/// <see cref="long"/>, UUIDs as <see cref="Guid"/>.
/// </para>
/// <para>
/// Paging sorts by (<c>timestamp</c>, <c>_id</c>); the backend creates that index on a regular collection. Retention
/// deletes by <c>_id</c>, which a time-series collection allows from MongoDB 7.0.
/// </para>
/// </remarks>
public sealed class MongoEventReader : IEventReader, IEventRetention, IAsyncDisposable, IDisposable
{
    private static readonly FindOptions SimpleFind = new() { Collation = Collation.Simple };
    private static readonly AggregateOptions SimpleAggregate = new() { Collation = Collation.Simple, AllowDiskUse = true };
    private static readonly CountOptions SimpleCount = new() { Collation = Collation.Simple };

    private readonly IMongoCollection<BsonDocument> _collection;
    private readonly IMongoClient? _ownedClient;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a reader over the database and collection the options name. Nothing is sent to the server yet.</summary>
    /// <param name="options">The same settings the backend was given; copied. Only the connection, database, collection
    /// and write concern (for retention's deletes, acknowledged at least) are used.</param>
    /// <param name="client">A client to share; the reader does not dispose it. Without one, the reader creates (and
    /// disposes) a client for <see cref="MongoBackendOptions.ConnectionString"/>.</param>
    /// <param name="timeProvider">The clock that stands for "now" in counts without an end; the system clock unless given.</param>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    /// <exception cref="MongoConfigurationException">The connection string cannot be parsed.</exception>
    public MongoEventReader(MongoBackendOptions options, IMongoClient? client = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copy = options.Clone();
        copy.Validate(client is not null);
        if (client is null)
        {
            client = _ownedClient = new MongoClient(copy.ConnectionString);
        }

        _collection = OpenCollection(client.GetDatabase(copy.Database), copy);
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    internal MongoEventReader(IMongoDatabase database, MongoBackendOptions options)
    {
        _collection = OpenCollection(database, options);
        _timeProvider = TimeProvider.System;
    }

    /// <summary>The database read.</summary>
    public string Database => _collection.Database.DatabaseNamespace.DatabaseName;

    /// <summary>The collection read.</summary>
    public string Collection => _collection.CollectionNamespace.CollectionName;

    /// <inheritdoc />
    public async Task<EventPage> ReadAsync(EventReadQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var filter = MongoReadFilter.Build(query.Filter, after: query.After, order: query.Order);
        var events = await FindEventsAsync(filter, query.Order, query.Limit, cancellationToken).ConfigureAwait(false);
        return events.Count == query.Limit ? new EventPage(events, EventCursor.At(events[^1])) : new EventPage(events, null);
    }

    /// <inheritdoc />
    public async Task<TrackingEvent?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var events = await FindEventsAsync(new BsonDocument("_id", MongoReadFilter.Id(id)), EventOrder.NewestFirst, 1, cancellationToken).ConfigureAwait(false);
        return events.Count == 0 ? null : events[0];
    }

    /// <inheritdoc />
    public Task<long> CountAsync(EventFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        filter.Validate();
        return _collection.CountDocumentsAsync(MongoReadFilter.Build(filter), SimpleCount, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EventCount>> CountByNameAsync(EventCountQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var now = _timeProvider.GetUtcNow();
        query.Validate(now);
        var rows = await AggregateAsync(MongoReadPipelines.CountByName(query, now), cancellationToken).ConfigureAwait(false);
        var counts = rows.Select(static r => new EventCount(
            Utc(r["_id"]["bucket"]), r["_id"]["name"].AsString, r["count"].ToInt64())).ToList();
        counts.Sort(static (a, b) => a.BucketStart != b.BucketStart ? a.BucketStart.CompareTo(b.BucketStart) : string.CompareOrdinal(a.Name, b.Name));
        return counts;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DailyUserCount>> CountDistinctUsersAsync(DistinctUsersQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var rows = await AggregateAsync(MongoReadPipelines.DistinctUsers(query), cancellationToken).ConfigureAwait(false);
        return rows.Select(static r => new DailyUserCount(DateOnly.FromDateTime(Utc(r["_id"]).UtcDateTime), r["users"].ToInt64())).ToList();
    }

    /// <inheritdoc />
    /// <remarks>Names and counts come from one aggregation; the fields of each name from one query for its newest events.</remarks>
    public async Task<IReadOnlyList<EventNameSummary>> GetCatalogAsync(EventCatalogQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var rows = await AggregateAsync(MongoReadPipelines.CatalogNames(query), cancellationToken).ConfigureAwait(false);
        var names = rows.Select(static r => (Name: r["_id"].AsString, Count: r["count"].ToInt64(), First: Utc(r["first"]), Last: Utc(r["last"]))).ToList();
        names.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var catalog = new List<EventNameSummary>(names.Count);
        foreach (var (name, count, first, last) in names)
        {
            if (!query.IncludeFields)
            {
                catalog.Add(new EventNameSummary(name, count, first, last, 0, []));
                continue;
            }

            var filter = MongoReadFilter.Build(query.Filter with { Name = name });
            var sample = await FindEventsAsync(filter, EventOrder.NewestFirst, query.SamplePerName, cancellationToken).ConfigureAwait(false);
            var collector = new EventFieldCollector(query.MaxExamples);
            for (var i = sample.Count - 1; i >= 0; i--)
            {
                collector.Add(sample[i]);
            }

            catalog.Add(new EventNameSummary(name, count, first, last, collector.Sampled, collector.Build()));
        }

        return catalog;
    }

    /// <inheritdoc />
    /// <remarks>Finds the ids of the oldest events before the cutoff, then deletes them with one <c>deleteMany</c>.</remarks>
    public async Task<int> DeleteBeforeAsync(DateTimeOffset cutoff, int maxEvents, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEvents, 1);
        var before = MongoReadFilter.Before(cutoff);
        var ids = await _collection.Find(before, SimpleFind)
            .Sort(MongoReadFilter.Sort(EventOrder.OldestFirst))
            .Limit(maxEvents)
            .Project(new BsonDocument("_id", 1))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (ids.Count == 0)
        {
            return 0;
        }

        var filter = new BsonDocument("$and", new BsonArray
        {
            new BsonDocument("_id", new BsonDocument("$in", new BsonArray(ids.Select(static d => d["_id"])))),
            before,
        });
        var result = await _collection.DeleteManyAsync(filter, cancellationToken).ConfigureAwait(false);
        return (int)result.DeletedCount;
    }

    /// <summary>Disposes the client the reader created; a client that was given is left alone.</summary>
    public void Dispose() => _ownedClient?.Dispose();

    /// <summary>Disposes the client the reader created; a client that was given is left alone.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    internal static TrackingEvent ToEvent(BsonDocument document)
    {
        try
        {
            return BsonEventMapper.FromBsonDocument(document);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidCastException)
        {
            var id = document.TryGetValue("_id", out var value) ? value.ToString() : "(none)";
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"The stored document '{id}' is not a valid event: {ex.Message}"), ex);
        }
    }

    private static IMongoCollection<BsonDocument> OpenCollection(IMongoDatabase database, MongoBackendOptions options)
    {
        // Retention must know how many events it deleted, which an unacknowledged write cannot tell.
        var concern = options.WriteConcern.IsAcknowledged ? options.WriteConcern : WriteConcern.Acknowledged;
        return database.GetCollection<BsonDocument>(options.Collection).WithWriteConcern(concern);
    }

    private static DateTimeOffset Utc(BsonValue value) => new(value.ToUniversalTime(), TimeSpan.Zero);

    private async Task<List<TrackingEvent>> FindEventsAsync(BsonDocument filter, EventOrder order, int limit, CancellationToken cancellationToken)
    {
        var documents = await _collection.Find(filter, SimpleFind).Sort(MongoReadFilter.Sort(order)).Limit(limit)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return documents.ConvertAll(ToEvent);
    }

    private async Task<List<BsonDocument>> AggregateAsync(BsonDocument[] stages, CancellationToken cancellationToken)
    {
        using var cursor = await _collection.AggregateAsync(PipelineDefinition<BsonDocument, BsonDocument>.Create(stages), SimpleAggregate, cancellationToken)
            .ConfigureAwait(false);
        return await cursor.ToListAsync(cancellationToken).ConfigureAwait(false);
    }
}
