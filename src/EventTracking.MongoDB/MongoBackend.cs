using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Bson;
using MongoDB.Driver;

namespace EventTracking;

/// <summary>Stores events in a MongoDB collection, one document per event, as edX's event-tracking did.</summary>
/// <remarks>
/// <para>
/// Documents are built by <see cref="BsonEventMapper"/>: <c>_id</c> is the event id, so storing an event twice is
/// refused by the server, and the backend counts that refusal as delivered. A batch is one unordered
/// <c>InsertMany</c>; when some documents fail, only those are inserted again, up to
/// <see cref="MongoBackendOptions.MaxAttempts"/> times, after which <see cref="SendBatchAsync"/> throws
/// <see cref="MongoBatchWriteException"/> so the router above can retry the batch or count it as failed.
/// </para>
/// <para>
/// An event with a value BSON cannot hold (a key with a NUL character, text with a lone surrogate, a document over
/// 16 MiB) never fails its batch: it is skipped, logged with an <see cref="EventMappingException"/> and counted as
/// dropped with reason <c>unmappable</c> on the <c>EventTracking</c> meter.
/// </para>
/// <para>
/// On first use the backend creates the collection (only when it is to be a time series) and its indexes, as
/// <see cref="MongoBackendOptions"/> says. Connection errors and timeouts are thrown as the driver reports them.
/// </para>
/// <para>
/// The backend reads back what it stored (<see cref="Reading.IEventReader"/>, <see cref="Reading.IEventRetention"/>)
/// through a <see cref="MongoEventReader"/> over the same client; reading never creates the collection or its indexes.
/// </para>
/// </remarks>
public sealed partial class MongoBackend : IBatchEventBackend, IDisposable, IEventTrackingMeterUser
{
    private const int NamespaceExists = 48;
    private const int IndexOptionsConflict = 85;
    private const int IndexKeySpecsConflict = 86;

    private static readonly InsertManyOptions Unordered = new() { IsOrdered = false };

    private readonly MongoBackendOptions _options;
    private readonly EventTrackingDropCounter _drops = EventTrackingDiagnostics.CreateDropCounter(nameof(MongoBackend));
    private readonly IMongoClient? _ownedClient;
    private readonly IMongoDatabase? _database;
    private readonly IMongoCollection<RawBsonDocument>? _collection;
    private readonly ILogger _logger;
    private readonly MongoBatchWriter _writer;
    private readonly MongoEventReader? _reader;
    private readonly SemaphoreSlim _setupGate = new(1, 1);
    private volatile bool _ready;

    /// <summary>Creates a backend. Nothing is sent to the server until the first event.</summary>
    /// <param name="options">The settings; copied, so later changes do not affect this backend.</param>
    /// <param name="client">A client to share, for example from dependency injection; the backend does not dispose it.
    /// Without one, the backend creates (and disposes) a client for <see cref="MongoBackendOptions.ConnectionString"/>.</param>
    /// <param name="logger">Where skipped events and retries are logged.</param>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public MongoBackend(MongoBackendOptions options, IMongoClient? client = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        _options.Validate(client is not null);
        _logger = logger ?? NullLogger.Instance;
        if (client is null)
        {
            client = _ownedClient = new MongoClient(_options.ConnectionString);
        }

        _database = client.GetDatabase(_options.Database);
        _collection = _database.GetCollection<RawBsonDocument>(_options.Collection).WithWriteConcern(_options.WriteConcern);
        _reader = new MongoEventReader(_database, _options);
        _writer = new MongoBatchWriter(InsertManyAsync, _options.MaxAttempts, _options.RetryDelay, TimeProvider.System, _logger);
    }

    // For tests of the batch logic, which have no server: documents go to insert, and setup is skipped.
    internal MongoBackend(MongoBackendOptions options, InsertDocuments insert, ILogger? logger, TimeProvider? timeProvider = null)
    {
        _options = options.Clone();
        _options.Validate(hasClient: true);
        _logger = logger ?? NullLogger.Instance;
        _writer = new MongoBatchWriter(insert, _options.MaxAttempts, _options.RetryDelay, timeProvider ?? TimeProvider.System, _logger);
        _ready = true;
    }

    /// <summary>The database the events go to.</summary>
    public string Database => _options.Database;

    /// <summary>The collection the events go to.</summary>
    public string Collection => _options.Collection;

    /// <summary>Stores one event with a synchronous insert; an event already stored counts as delivered.</summary>
    /// <param name="evt">The event.</param>
    /// <exception cref="MongoException">The server could not be reached or refused the event.</exception>
    public void Send(TrackingEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        if (!TryMap(evt, out var document))
        {
            return;
        }

        var collection = _collection ?? throw new InvalidOperationException("This backend was built for tests without a collection.");
        EnsureReady(collection);
        try
        {
            collection.InsertOne(document);
        }
        catch (MongoWriteException ex) when (ex.WriteError is { } error && new MongoWriteFailure(0, error.Code, error.Message, error.Details).IsDuplicateId)
        {
            // Stored by an earlier attempt.
        }
    }

    /// <summary>Stores a batch with one unordered insert, re-inserting only the documents that failed.</summary>
    /// <param name="batch">The events.</param>
    /// <param name="cancellationToken">Stops waiting for the server.</param>
    /// <exception cref="MongoBatchWriteException">Some events are still not stored after the last attempt.</exception>
    /// <exception cref="MongoException">The server could not be reached, or the indexes could not be created.</exception>
    public async ValueTask SendBatchAsync(IReadOnlyList<TrackingEvent> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var documents = new List<RawBsonDocument>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (TryMap(batch[i], out var document))
            {
                documents.Add(document);
            }
        }

        if (documents.Count == 0)
        {
            return;
        }

        if (!_ready)
        {
            await EnsureReadyAsync(_collection!, cancellationToken).ConfigureAwait(false);
        }

        await _writer.WriteAsync(documents, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Disposes the client the backend created; a client that was given is left alone.</summary>
    public void Dispose() => _ownedClient?.Dispose();

    private bool TryMap(TrackingEvent evt, out RawBsonDocument document)
    {
        try
        {
            document = BsonEventMapper.ToRawDocument(evt);
            return true;
        }
        catch (EventMappingException ex)
        {
            _drops.Count("unmappable");
            MongoLog.Unmappable(_logger, ex);
            document = null!;
            return false;
        }
    }

    private async Task<MongoWriteOutcome> InsertManyAsync(IReadOnlyList<RawBsonDocument> documents, CancellationToken cancellationToken)
    {
        try
        {
            await _collection!.InsertManyAsync(documents, Unordered, cancellationToken).ConfigureAwait(false);
            return MongoWriteOutcome.Success;
        }
        catch (MongoBulkWriteException<RawBsonDocument> ex)
        {
            return Classify(documents, ex);
        }
    }

    private static MongoWriteOutcome Classify(IReadOnlyList<RawBsonDocument> documents, MongoBulkWriteException<RawBsonDocument> ex)
    {
        var failures = new List<MongoWriteFailure>(ex.WriteErrors.Count);
        foreach (var error in ex.WriteErrors)
        {
            failures.Add(new MongoWriteFailure(error.Index, error.Code, error.Message, error.Details));
        }

        var unprocessed = new List<int>();
        if (ex.UnprocessedRequests.Count > 0)
        {
            var positions = new Dictionary<RawBsonDocument, int>(documents.Count, ReferenceEqualityComparer.Instance);
            for (var i = 0; i < documents.Count; i++)
            {
                positions[documents[i]] = i;
            }

            foreach (var request in ex.UnprocessedRequests)
            {
                if (request is InsertOneModel<RawBsonDocument> insert && positions.TryGetValue(insert.Document, out var position))
                {
                    unprocessed.Add(position);
                }
            }
        }

        return MongoWriteOutcome.Classify(documents.Count, failures, unprocessed, ex.WriteConcernError is not null) with { Cause = ex };
    }

    private async Task EnsureReadyAsync(IMongoCollection<RawBsonDocument> collection, CancellationToken cancellationToken)
    {
        await _setupGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ready)
            {
                return;
            }

            if (MongoIndexPlan.CollectionOptions(_options) is { } collectionOptions)
            {
                var filter = new ListCollectionNamesOptions { Filter = new BsonDocument("name", _options.Collection) };
                using var names = await _database!.ListCollectionNamesAsync(filter, cancellationToken).ConfigureAwait(false);
                if (!await names.AnyAsync(cancellationToken).ConfigureAwait(false))
                {
                    try
                    {
                        await _database.CreateCollectionAsync(_options.Collection, collectionOptions, cancellationToken).ConfigureAwait(false);
                    }
                    catch (MongoCommandException ex) when (ex.Code == NamespaceExists)
                    {
                        // Created meanwhile by another process.
                    }
                }
            }

            var indexes = MongoIndexPlan.Indexes(_options);
            if (indexes.Count > 0)
            {
                try
                {
                    await collection.Indexes.CreateManyAsync(indexes, cancellationToken).ConfigureAwait(false);
                }
                catch (MongoCommandException ex) when (ex.Code is IndexOptionsConflict or IndexKeySpecsConflict)
                {
                    MongoLog.IndexConflict(_logger, _options.Collection, ex);
                }
            }

            _ready = true;
        }
        finally
        {
            _setupGate.Release();
        }
    }

    private void EnsureReady(IMongoCollection<RawBsonDocument> collection)
    {
        if (_ready)
        {
            return;
        }

        _setupGate.Wait();
        try
        {
            if (_ready)
            {
                return;
            }

            if (MongoIndexPlan.CollectionOptions(_options) is { } collectionOptions)
            {
                var filter = new ListCollectionNamesOptions { Filter = new BsonDocument("name", _options.Collection) };
                if (!_database!.ListCollectionNames(filter).Any())
                {
                    try
                    {
                        _database.CreateCollection(_options.Collection, collectionOptions);
                    }
                    catch (MongoCommandException ex) when (ex.Code == NamespaceExists)
                    {
                        // Created meanwhile by another process.
                    }
                }
            }

            var indexes = MongoIndexPlan.Indexes(_options);
            if (indexes.Count > 0)
            {
                try
                {
                    collection.Indexes.CreateMany(indexes);
                }
                catch (MongoCommandException ex) when (ex.Code is IndexOptionsConflict or IndexKeySpecsConflict)
                {
                    MongoLog.IndexConflict(_logger, _options.Collection, ex);
                }
            }

            _ready = true;
        }
        finally
        {
            _setupGate.Release();
        }
    }

    /// <inheritdoc />
    public void UseMeterFactory(System.Diagnostics.Metrics.IMeterFactory meterFactory) => _drops.UseMeterFactory(meterFactory);
}
