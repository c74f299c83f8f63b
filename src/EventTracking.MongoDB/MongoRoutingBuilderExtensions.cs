using EventTracking;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The verb that adds a Mongo backend to a router built in code (the root of <c>AddEventTracking</c>, or a nested
/// <c>AddRouting</c> / <c>AddAsyncRouting</c> node), reading like the configuration.
/// </summary>
public static class MongoRoutingBuilderExtensions
{
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
            return MongoBackendType.Create(services, options);
        });
    }
}
