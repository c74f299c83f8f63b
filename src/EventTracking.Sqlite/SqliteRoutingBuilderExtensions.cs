using EventTracking;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The verb that adds a Sqlite backend to a router built in code (the root of <c>AddEventTracking</c>, or a nested
/// <c>AddRouting</c> / <c>AddAsyncRouting</c> node), reading like the configuration.
/// </summary>
public static class SqliteRoutingBuilderExtensions
{
    /// <summary>
    /// Adds a <see cref="SqliteBackend"/> storing events in an embedded SQLite file. Put it under
    /// <c>AddAsyncRouting</c> so writes stay off request threads.
    /// </summary>
    /// <typeparam name="TBuilder">The builder's type, kept so calls chain.</typeparam>
    /// <param name="builder">The router being built.</param>
    /// <param name="path">The database file; a relative path is taken from the application's content root.</param>
    /// <param name="name">The backend's name.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static TBuilder AddSqlite<TBuilder>(this TBuilder builder, string path = "events.db", string name = "sqlite")
        where TBuilder : IEventRoutingBuilder =>
        builder.AddSqlite(name, options => options.Path = path);

    /// <summary>Adds a <see cref="SqliteBackend"/> with full settings.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so calls chain.</typeparam>
    /// <param name="builder">The router being built.</param>
    /// <param name="name">The backend's name.</param>
    /// <param name="configure">Sets path, table, durability and busy timeout.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static TBuilder AddSqlite<TBuilder>(this TBuilder builder, string name, Action<SqliteBackendOptions> configure)
        where TBuilder : IEventRoutingBuilder
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.AddBackend(name, services =>
        {
            var options = new SqliteBackendOptions();
            configure(options);
            return SqliteBackendType.Create(services, options);
        });
    }
}
