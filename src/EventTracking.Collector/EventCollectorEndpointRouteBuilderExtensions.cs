using EventTracking.Collector;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the HTTP collector's routes. Register its services first with <c>services.AddEventCollector(…)</c>.</summary>
public static class EventCollectorEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST {prefix}/api/events</c>, which takes a JSON array (or one object) of canonical events as
    /// <c>HttpBackend</c> sends them, gzip-compressed or not, with the key in <c>Authorization: Bearer</c> or
    /// <c>X-Api-Key</c>. A 200 answer means every event is committed in every store it is routed to.
    /// </summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <param name="prefix">A path prefix such as <c>/collect</c>; empty for none.</param>
    /// <returns>A builder for conventions that apply to the collector's route (host filters, CORS, …).</returns>
    /// <exception cref="InvalidOperationException"><c>services.AddEventCollector(…)</c> was not called.</exception>
    public static IEndpointConventionBuilder MapEventCollector(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        var group = Group(endpoints, prefix);
        group.MapPost("/api/events", (RequestDelegate)(context => context.RequestServices.GetRequiredService<NativeCollectorEndpoint>().HandleAsync(context)));
        return group;
    }

    /// <summary>
    /// Maps the Pycolytics protocol: <c>POST {prefix}/v1.0/events</c> (an array of events) and
    /// <c>POST {prefix}/v1.0/event</c> (one event), answered with Pycolytics' status codes and FastAPI-style bodies, so
    /// existing clients such as the pycolytics-godot addon work unchanged. Each event carries its key in <c>api_key</c>.
    /// </summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <param name="prefix">A path prefix such as <c>/game</c>; empty for none.</param>
    /// <returns>A builder for conventions that apply to both routes.</returns>
    /// <exception cref="InvalidOperationException"><c>services.AddEventCollector(…)</c> was not called.</exception>
    public static IEndpointConventionBuilder MapPycolytics(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        var group = Group(endpoints, prefix);
        group.MapPost("/v1.0/events", (RequestDelegate)(context => context.RequestServices.GetRequiredService<PycolyticsEndpoint>().HandleBatchAsync(context)));
        group.MapPost("/v1.0/event", (RequestDelegate)(context => context.RequestServices.GetRequiredService<PycolyticsEndpoint>().HandleSingleAsync(context)));
        return group;
    }

    private static RouteGroupBuilder Group(IEndpointRouteBuilder endpoints, string prefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);

        // Resolving the services here would build the tracker before the host starts; only ask whether they exist.
        if (endpoints.ServiceProvider.GetService<IServiceProviderIsService>()?.IsService(typeof(CollectorIngestion)) == false)
        {
            throw new InvalidOperationException("The event collector is not registered: call services.AddEventCollector(...) before mapping its routes.");
        }

        var trimmed = prefix.Trim().Trim('/');
        return endpoints.MapGroup(trimmed.Length == 0 ? string.Empty : "/" + trimmed);
    }
}
