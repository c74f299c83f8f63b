using EventTracking;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds a <see cref="PostgreSqlBackend"/> to a routing node built in code: <c>t.AddAsyncRouting("store", s =&gt; s.AddPostgreSql(connectionString))</c>.</summary>
public static class PostgreSqlRoutingBuilderExtensions
{
    /// <summary>
    /// Adds a <see cref="PostgreSqlBackend"/> writing to <paramref name="table"/>. Put it under an async routing node so
    /// writes are batched and retried off the request path.
    /// </summary>
    /// <typeparam name="TBuilder">The routing builder.</typeparam>
    /// <param name="builder">The routing node being built.</param>
    /// <param name="connectionString">An Npgsql connection string or a <c>postgresql://</c> URI.</param>
    /// <param name="table">The table; created when missing.</param>
    /// <param name="name">The backend's name in the node.</param>
    /// <returns>The builder, for chaining.</returns>
    public static TBuilder AddPostgreSql<TBuilder>(this TBuilder builder, string connectionString, string table = "events", string name = "postgresql")
        where TBuilder : IEventRoutingBuilder =>
        builder.AddPostgreSql(name, options => (options.ConnectionString, options.Table) = (connectionString, table));

    /// <summary>Adds a <see cref="PostgreSqlBackend"/> with full settings.</summary>
    /// <typeparam name="TBuilder">The routing builder.</typeparam>
    /// <param name="builder">The routing node being built.</param>
    /// <param name="name">The backend's name in the node.</param>
    /// <param name="configure">Sets the options; they are validated when the tracker is built.</param>
    /// <returns>The builder, for chaining.</returns>
    public static TBuilder AddPostgreSql<TBuilder>(this TBuilder builder, string name, Action<PostgreSqlBackendOptions> configure)
        where TBuilder : IEventRoutingBuilder
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.AddBackend(name, _ =>
        {
            var options = new PostgreSqlBackendOptions();
            configure(options);
            return PostgreSqlBackendType.Create(options);
        });
    }
}
