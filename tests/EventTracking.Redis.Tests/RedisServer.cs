using StackExchange.Redis;

namespace EventTracking.Tests;

/// <summary>
/// The Redis server named by <c>EVENTTRACKING_REDIS_URI</c> (started by <c>.ci/setup/20-redis.sh</c>). Missing, it fails
/// the test in CI and skips it elsewhere.
/// </summary>
internal static class RedisServer
{
    public const string UriVariable = "EVENTTRACKING_REDIS_URI";

    public static string Require()
    {
        var uri = Environment.GetEnvironmentVariable(UriVariable);
        if (!string.IsNullOrWhiteSpace(uri))
        {
            return uri;
        }

        Missing($"{UriVariable} is not set: the Redis tests need a server (.ci/setup/20-redis.sh starts one).");
        return string.Empty;
    }

    public static void Missing(string reason)
    {
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail(reason);
        }

        Assert.Ignore(reason);
    }

    public static string NewStream() => "et-test:" + Guid.NewGuid().ToString("N")[..12];

    public static async Task<ConnectionMultiplexer> ConnectAsync(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AllowAdmin = true;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    /// <summary>
    /// Waits until the stream <paramref name="key"/> holds at least <paramref name="count"/> entries and returns them;
    /// the consumer writes dead letters in a transaction with the acknowledgement, so this waits through the stream itself.
    /// </summary>
    public static async Task<StreamEntry[]> WaitForStreamAsync(ConnectionMultiplexer redis, string key, int count, TimeSpan timeout)
    {
        var database = redis.GetDatabase();
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var entries = await database.StreamRangeAsync(key);
            if (entries.Length >= count)
            {
                return entries;
            }

            await Task.Delay(20, deadline.Token);
        }
    }
}
