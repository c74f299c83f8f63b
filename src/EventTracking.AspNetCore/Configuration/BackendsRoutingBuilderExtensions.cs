using EventTracking;
using EventTracking.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The verbs that add the Backends package's backends to a router built in code, reading like the configuration:
/// <c>t.AddAsyncRouting("store", s =&gt; s.AddSqlite("events.db")).AddSerilog()</c>.
/// </summary>
public static class BackendsRoutingBuilderExtensions
{
    /// <summary>
    /// Adds a <see cref="SerilogBackend"/> writing to the Serilog <c>ILogger</c> registered in DI, or to
    /// <c>Serilog.Log.Logger</c> when none is; its own warnings go to the host's logging.
    /// </summary>
    /// <typeparam name="TBuilder">The builder's type, kept so calls chain.</typeparam>
    /// <param name="builder">The router being built.</param>
    /// <param name="name">The backend's name.</param>
    /// <param name="configure">Sets level, format and size limit.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static TBuilder AddSerilog<TBuilder>(this TBuilder builder, string name = "log", Action<SerilogBackendOptions>? configure = null)
        where TBuilder : IEventRoutingBuilder
    {
        var options = new SerilogBackendOptions();
        configure?.Invoke(options);
        return builder.AddBackend(name, services => LeafBackends.Serilog(services, options));
    }

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
            return LeafBackends.Sqlite(services, options);
        });
    }

    /// <summary>
    /// Adds a <see cref="MongoBackend"/>. It uses the <c>IMongoClient</c> registered in DI when there is one, else a
    /// client for <see cref="MongoBackendOptions.ConnectionString"/> that the host disposes. Put it under
    /// <c>AddAsyncRouting</c>.
    /// </summary>
    /// <typeparam name="TBuilder">The builder's type, kept so calls chain.</typeparam>
    /// <param name="builder">The router being built.</param>
    /// <param name="name">The backend's name.</param>
    /// <param name="configure">Sets connection string, database, collection and write options.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static TBuilder AddMongo<TBuilder>(this TBuilder builder, string name, Action<MongoBackendOptions> configure)
        where TBuilder : IEventRoutingBuilder
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.AddBackend(name, services =>
        {
            var options = new MongoBackendOptions();
            configure(options);
            return LeafBackends.Mongo(services, options);
        });
    }

    /// <summary>
    /// Adds an <see cref="HttpBackend"/> posting batches to a collector through the DI client factory (the backend's
    /// resilience pipeline). Put it under an async router: its <c>Send</c> waits for the network.
    /// </summary>
    /// <typeparam name="TBuilder">The builder's type, kept so calls chain.</typeparam>
    /// <param name="builder">The router being built.</param>
    /// <param name="name">The backend's name.</param>
    /// <param name="configure">Sets the endpoint (required) and delivery options.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static TBuilder AddHttp<TBuilder>(this TBuilder builder, string name, Action<HttpBackendOptions> configure)
        where TBuilder : IEventRoutingBuilder
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new HttpBackendOptions();
        configure(options);
        return builder.AddBackend(name, services => LeafBackends.Http(services, options));
    }
}
