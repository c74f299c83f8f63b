using MongoDB.Driver;

namespace EventTracking.ReaderContract.Tests;

/// <summary>
/// A database of its own on the MongoDB server (5.0 or later) named by <c>EVENTTRACKING_MONGODB_URI</c>, written by
/// <see cref="MongoBackend"/> and dropped afterwards. CI starts no MongoDB server, so without the variable the tests
/// are reported skipped with the reason, on CI too; never a fake server.
/// </summary>
internal sealed class MongoReaderStore : ReaderStore
{
    public const string UriVariable = "EVENTTRACKING_MONGODB_URI";

    private MongoClient? _client;
    private string _database = null!;
    private MongoBackend _backend = null!;

    public override IEventReader Reader => _backend;

    /// <summary>MongoDB keeps whole milliseconds.</summary>
    public override TimeSpan Resolution => TimeSpan.FromMilliseconds(1);

    public override Task OpenAsync()
    {
        var uri = Environment.GetEnvironmentVariable(UriVariable);
        if (string.IsNullOrWhiteSpace(uri))
        {
            Unavailable($"{UriVariable} is not set: the MongoDB reader contract needs a server, such as mongodb://localhost:27017.", requiredOnCi: false);
        }

        _client = new MongoClient(uri);
        _database = "eventtracking_contract_" + Guid.NewGuid().ToString("N");
        _backend = new MongoBackend(new MongoBackendOptions { Database = _database, WriteConcern = WriteConcern.WMajority }, _client);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(IReadOnlyList<TrackingEvent> events) => _backend.SendBatchAsync(events, CancellationToken.None).AsTask();

    public override Task<IEventReader> OpenMissingAsync() =>
        Task.FromResult<IEventReader>(new MongoEventReader(new MongoBackendOptions { Database = _database, Collection = "missing" }, _client!));

    public override async ValueTask DisposeAsync()
    {
        if (_client is null)
        {
            return;
        }

        _backend.Dispose();
        await _client.DropDatabaseAsync(_database);
        _client.Dispose();
    }
}
