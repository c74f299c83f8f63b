using MongoDB.Bson;
using MongoDB.Driver;

namespace EventTracking;

/// <summary>Pings the MongoDB deployment a backend writes to.</summary>
internal sealed class MongoHealthProbe : IHealthProbe
{
    private static readonly BsonDocument Ping = new("ping", 1);

    private readonly IMongoClient _client;
    private readonly string _database;

    public MongoHealthProbe(IMongoClient client, string database)
    {
        _client = client;
        _database = database;
    }

    public async ValueTask<HealthProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        await _client.GetDatabase(_database).RunCommandAsync<BsonDocument>(Ping, cancellationToken: cancellationToken).ConfigureAwait(false);
        return HealthProbeResult.Reachable;
    }
}
