namespace EventTracking.ReaderContract.Tests;

/// <summary>A SQLite file of its own in a temporary folder, written by <see cref="SqliteBackend"/>.</summary>
internal sealed class SqliteReaderStore : ReaderStore
{
    private DirectoryInfo _folder = null!;
    private SqliteBackend _backend = null!;

    public override IEventReader Reader => _backend;

    public override Task OpenAsync()
    {
        _folder = Directory.CreateTempSubdirectory("et-reader-contract-");
        _backend = new SqliteBackend(Path.Combine(_folder.FullName, "events.db"));
        return Task.CompletedTask;
    }

    public override Task WriteAsync(IReadOnlyList<TrackingEvent> events) => _backend.SendBatchAsync(events, CancellationToken.None).AsTask();

    public override Task<IEventReader> OpenMissingAsync() =>
        Task.FromResult<IEventReader>(new SqliteEventReader(Path.Combine(_folder.FullName, "missing.db")));

    public override async ValueTask DisposeAsync()
    {
        if (_backend is not null)
        {
            await _backend.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            _folder.Delete(recursive: true);
        }
    }
}
