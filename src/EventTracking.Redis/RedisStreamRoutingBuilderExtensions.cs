using EventTracking;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds a <see cref="RedisStreamBackend"/> to a routing node built in code: <c>t.AddAsyncRouting("forward", s =&gt; s.AddRedisStream("redis1:6379"))</c>.</summary>
public static class RedisStreamRoutingBuilderExtensions
{
    /// <summary>
    /// Adds a <see cref="RedisStreamBackend"/> appending to <paramref name="stream"/>. Put it under an async routing node
    /// so appends are batched (one pipeline per batch) and retried while Redis is away.
    /// </summary>
    /// <typeparam name="TBuilder">The routing builder.</typeparam>
    /// <param name="builder">The routing node being built.</param>
    /// <param name="connectionString">A StackExchange.Redis configuration string or a <c>redis://</c> URI.</param>
    /// <param name="stream">The stream key.</param>
    /// <param name="name">The backend's name in the node.</param>
    /// <returns>The builder, for chaining.</returns>
    public static TBuilder AddRedisStream<TBuilder>(this TBuilder builder, string connectionString, string stream = "events", string name = "redis")
        where TBuilder : IEventRoutingBuilder =>
        builder.AddRedisStream(name, options => (options.ConnectionString, options.Stream) = (connectionString, stream));

    /// <summary>Adds a <see cref="RedisStreamBackend"/> with full settings.</summary>
    /// <typeparam name="TBuilder">The routing builder.</typeparam>
    /// <param name="builder">The routing node being built.</param>
    /// <param name="name">The backend's name in the node.</param>
    /// <param name="configure">Sets the options; they are validated when the tracker is built.</param>
    /// <returns>The builder, for chaining.</returns>
    public static TBuilder AddRedisStream<TBuilder>(this TBuilder builder, string name, Action<RedisStreamBackendOptions> configure)
        where TBuilder : IEventRoutingBuilder
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.AddBackend(name, _ =>
        {
            var options = new RedisStreamBackendOptions();
            configure(options);
            return RedisStreamBackendType.Create(options);
        });
    }
}
