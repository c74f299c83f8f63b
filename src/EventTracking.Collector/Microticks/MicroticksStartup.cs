using Microsoft.Extensions.Hosting;

namespace EventTracking.Collector;

/// <summary>
/// Finds the SQLite file and creates the Microticks tables as the host starts, after the tracker is built, so a missing
/// or ambiguous store, or a file that cannot be written, fails the start rather than the first request.
/// </summary>
internal sealed class MicroticksStartup : IHostedService
{
    private readonly MicroticksDatabase _database;

    public MicroticksStartup(MicroticksDatabase database)
    {
        _database = database;
    }

    public Task StartAsync(CancellationToken cancellationToken) => _database.EnsureCreatedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
