using MongoDB.Driver;

namespace EventTracking;

/// <summary>Settings of a <see cref="MongoBackend"/>.</summary>
public sealed class MongoBackendOptions
{
    /// <summary>
    /// The MongoDB connection string, such as <c>mongodb://localhost:27017</c>. Not needed when an
    /// <see cref="IMongoClient"/> is given to the backend (for example from dependency injection).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The database; <c>eventtracking</c> unless told otherwise.</summary>
    public string Database { get; set; } = "eventtracking";

    /// <summary>The collection; <c>events</c> unless told otherwise.</summary>
    public string Collection { get; set; } = "events";

    /// <summary>
    /// The write concern of inserts: <see cref="WriteConcern.Acknowledged"/> (<c>w:1</c>) unless told otherwise.
    /// </summary>
    /// <remarks>
    /// edX's backend defaulted to <c>w:0</c> (<see cref="WriteConcern.Unacknowledged"/>): the server never answers, so
    /// failed writes are lost without a trace and nothing is retried. Choose it only if losing events silently is
    /// acceptable; <see cref="WriteConcern.WMajority"/> survives the loss of the primary.
    /// </remarks>
    public WriteConcern WriteConcern { get; set; } = WriteConcern.Acknowledged;

    /// <summary>
    /// Whether the backend creates its indexes on first use: <c>timestamp</c> descending and <c>name</c>, as edX did,
    /// and, on a regular collection, (<c>timestamp</c>, <c>_id</c>) descending for reading pages in order.
    /// On unless told otherwise. Creating an index that already exists with the same definition does nothing.
    /// </summary>
    public bool CreateIndexes { get; set; } = true;

    /// <summary>
    /// How long events are kept; <see langword="null"/> (the default) keeps them forever. MongoDB deletes older events
    /// in the background: through a TTL on the <c>timestamp</c> index, or through the collection's
    /// <c>expireAfterSeconds</c> for a <see cref="TimeSeries"/> collection.
    /// </summary>
    public TimeSpan? Ttl { get; set; }

    /// <summary>
    /// Whether the backend creates the collection as a time-series collection (time field <c>timestamp</c>, meta
    /// field <c>name</c>) when it does not exist yet. Off unless told otherwise; needs MongoDB 5.0 or later.
    /// </summary>
    /// <remarks>
    /// Time-series collections do not enforce a unique <c>_id</c>, so a batch that is sent again after a failure may
    /// store some events twice. An existing collection is used as it is.
    /// </remarks>
    public bool TimeSeries { get; set; }

    /// <summary>The bucket granularity of a <see cref="TimeSeries"/> collection; <see cref="TimeSeriesGranularity.Seconds"/> unless told otherwise.</summary>
    public TimeSeriesGranularity TimeSeriesGranularity { get; set; } = TimeSeriesGranularity.Seconds;

    /// <summary>
    /// How many times one <see cref="MongoBackend.SendBatchAsync"/> inserts the documents that failed in a partial
    /// failure (counting the first insert) before it gives up and throws. 3 unless told otherwise.
    /// </summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The pause before the first re-insert of failed documents; it doubles after each attempt. 100 ms unless told otherwise.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Checks every setting.</summary>
    /// <param name="hasClient">Whether a client was given, so no connection string is needed.</param>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    internal void Validate(bool hasClient)
    {
        if (!hasClient && string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException("MongoBackendOptions.ConnectionString is required when no IMongoClient is given.", nameof(ConnectionString));
        }

        if (string.IsNullOrWhiteSpace(Database) || Database.IndexOfAny(['/', '\\', '.', ' ', '"', '$', '\0']) >= 0)
        {
            throw new ArgumentException($"MongoBackendOptions.Database '{Database}' is not a valid database name.", nameof(Database));
        }

        if (string.IsNullOrWhiteSpace(Collection) || Collection.Contains('$', StringComparison.Ordinal) || Collection.Contains('\0', StringComparison.Ordinal)
            || Collection.StartsWith("system.", StringComparison.Ordinal))
        {
            throw new ArgumentException($"MongoBackendOptions.Collection '{Collection}' is not a valid collection name.", nameof(Collection));
        }

        if (WriteConcern is null)
        {
            throw new ArgumentException("MongoBackendOptions.WriteConcern must be set.", nameof(WriteConcern));
        }

        if (Ttl is { } ttl && (ttl < TimeSpan.FromSeconds(1) || ttl.TotalSeconds > int.MaxValue))
        {
            throw new ArgumentException($"MongoBackendOptions.Ttl must be at least one second, not {ttl}.", nameof(Ttl));
        }

        if (MaxAttempts < 1)
        {
            throw new ArgumentException($"MongoBackendOptions.MaxAttempts must be at least 1, not {MaxAttempts}.", nameof(MaxAttempts));
        }

        if (RetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentException($"MongoBackendOptions.RetryDelay must not be negative, not {RetryDelay}.", nameof(RetryDelay));
        }
    }

    /// <summary>A copy, so later changes to these options do not reach a backend already built from them.</summary>
    internal MongoBackendOptions Clone() => (MongoBackendOptions)MemberwiseClone();
}
