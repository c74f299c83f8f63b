namespace EventTracking.ReaderContract.Tests;

/// <summary>
/// One store under the reader contract: a fresh, empty place to write events (a file, a table, a database of its
/// own), the reader over it, and a reader over a place that does not exist.
/// </summary>
public abstract class ReaderStore : IAsyncDisposable
{
    /// <summary>The stores the contract runs against, by the name the fixture is given.</summary>
    public static ReaderStore Create(string name) => name switch
    {
        "sqlite" => new SqliteReaderStore(),
        "postgresql" => new PostgreSqlReaderStore(PostgreSqlPartitioning.None, PostgreSqlJsonType.Jsonb),
        "postgresql-daily" => new PostgreSqlReaderStore(PostgreSqlPartitioning.Daily, PostgreSqlJsonType.Jsonb),
        "postgresql-json" => new PostgreSqlReaderStore(PostgreSqlPartitioning.None, PostgreSqlJsonType.Json),
        "mongodb" => new MongoReaderStore(),
        _ => throw new ArgumentException($"No reader store named '{name}'.", nameof(name)),
    };

    /// <summary>The finest timestamp the store keeps: what the model's timestamps are rounded to.</summary>
    public virtual TimeSpan Resolution => TimeSpan.FromTicks(10);

    /// <summary>The reader over the store (also its retention).</summary>
    public abstract IEventReader Reader { get; }

    /// <summary>Prepares an empty store; reports the test skipped (or failed, on CI) when its server is not there.</summary>
    public abstract Task OpenAsync();

    /// <summary>Stores events as the store's backend writes them.</summary>
    public abstract Task WriteAsync(IReadOnlyList<TrackingEvent> events);

    /// <summary>A reader over a table, file or collection that does not exist.</summary>
    public abstract Task<IEventReader> OpenMissingAsync();

    /// <summary>Removes what <see cref="OpenAsync"/> made.</summary>
    public abstract ValueTask DisposeAsync();

    /// <summary>Fails on CI (where the server must be started by .ci/setup) and skips elsewhere, with the reason.</summary>
    protected static void Unavailable(string reason, bool requiredOnCi)
    {
        if (requiredOnCi && Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail(reason);
        }

        Assert.Ignore(reason);
    }
}
