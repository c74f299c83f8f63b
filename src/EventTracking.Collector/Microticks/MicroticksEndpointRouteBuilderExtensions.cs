using EventTracking.Collector;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Maps the Microticks routes. Register its services first with <c>services.AddMicroticks(…)</c>, and the collector's
/// (whose limits, rate limits and <c>Retry-After</c> it shares) with <c>services.AddEventCollector(…)</c>.
/// </summary>
public static class MicroticksEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the Microticks protocol under <paramref name="prefix"/>: <c>POST /sessions</c> (start a session with a
    /// consumer key), <c>POST /events</c> (record an action with the session's token), <c>POST /sessions/stop</c>,
    /// and the read routes <c>GET /events</c> and <c>GET /sessions</c>, all with the original server's form fields,
    /// JSON bodies and CORS headers, so its jQuery client works unchanged. Every path answers OPTIONS preflights.
    /// </summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <param name="prefix">A path prefix such as <c>/microticks</c>; empty for none.</param>
    /// <returns>A builder for conventions that apply to every Microticks route.</returns>
    /// <exception cref="InvalidOperationException"><c>services.AddMicroticks(…)</c> or <c>services.AddEventCollector(…)</c> was not called.</exception>
    public static IEndpointConventionBuilder MapMicroticks(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);

        // Resolving the services here would build the tracker before the host starts; only ask whether they exist.
        var registered = endpoints.ServiceProvider.GetService<IServiceProviderIsService>();
        if (registered?.IsService(typeof(MicroticksRoutes)) == false)
        {
            throw new InvalidOperationException("The Microticks surface is not registered: call services.AddMicroticks(...) before app.MapMicroticks(...).");
        }

        if (registered?.IsService(typeof(CollectorIngestion)) == false)
        {
            throw new InvalidOperationException("The event collector is not registered: call services.AddEventCollector(...) as well as services.AddMicroticks(...) before app.MapMicroticks(...).");
        }

        var trimmed = prefix.Trim().Trim('/');
        var group = endpoints.MapGroup(trimmed.Length == 0 ? string.Empty : "/" + trimmed);
        group.Map("/sessions", (RequestDelegate)(context => Routes(context).SessionsAsync(context)));
        group.Map("/sessions/stop", (RequestDelegate)(context => Routes(context).StopAsync(context)));
        group.Map("/events", (RequestDelegate)(context => Routes(context).EventsAsync(context)));
        return group;
    }

    private static MicroticksRoutes Routes(HttpContext context) => context.RequestServices.GetRequiredService<MicroticksRoutes>();
}
