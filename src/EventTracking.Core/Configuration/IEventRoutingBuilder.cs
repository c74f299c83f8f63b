using Microsoft.Extensions.DependencyInjection;

namespace EventTracking;

/// <summary>
/// Builds one router of the tracking tree in code: the root (<c>EventTrackingBuilder</c> in EventTracking.AspNetCore) or a nested
/// <c>Routing</c> / <c>AsyncRouting</c> node. The readable verbs (<c>AddBackend</c>, <c>AddProcessor</c>,
/// <c>AddRouting</c>, <c>AddSqlite</c>, …) are extension methods over these two; the package that holds a backend
/// brings its verb (<c>AddSqlite</c> comes with EventTracking.Sqlite).
/// </summary>
public interface IEventRoutingBuilder
{
    /// <summary>The application's service collection.</summary>
    IServiceCollection Services { get; }

    /// <summary>Adds a child backend, created once when the tracker is built.</summary>
    /// <param name="name">A name unique among this router's children; children receive events in ordinal name order.</param>
    /// <param name="factory">Creates the backend from the application's services.</param>
    void RegisterBackend(string name, Func<IServiceProvider, IEventBackend> factory);

    /// <summary>Appends a processor to this router's chain, created once when the tracker is built.</summary>
    /// <param name="factory">Creates the processor from the application's services.</param>
    void RegisterProcessor(Func<IServiceProvider, IEventProcessor> factory);
}
