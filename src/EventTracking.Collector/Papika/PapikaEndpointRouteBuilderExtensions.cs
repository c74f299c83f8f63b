using EventTracking.Collector;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Papika routes. Register their services first with <c>services.AddPapika(…)</c>.</summary>
public static class PapikaEndpointRouteBuilderExtensions
{
    private static readonly string[] Methods = [HttpMethods.Post, HttpMethods.Options];

    /// <summary>
    /// Maps Papika's six routes at the host root, where its Unity client always resolves them: <c>POST /api/user</c>,
    /// <c>/api/user/get_data</c>, <c>/api/user/set_data</c>, <c>/api/experiment</c>, <c>/api/session</c> and
    /// <c>/api/event</c>, each with its CORS preflight (<c>OPTIONS</c>). The TypeScript, Unity and Python clients work
    /// unchanged; events logged through <c>/api/event</c> become <c>papika.&lt;category_id&gt;.&lt;type_id&gt;</c> events
    /// in the tracker's routing tree, and a 200 answer means every store they are routed to has committed them.
    /// </summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <returns>A builder for conventions that apply to all six routes (host filters, rate limiting, …).</returns>
    /// <exception cref="InvalidOperationException"><c>services.AddPapika(…)</c>, <c>services.AddEventCollector(…)</c> or <c>services.AddEventTracking(…)</c> was not called.</exception>
    public static IEndpointConventionBuilder MapPapika(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        // Resolving the services here would build the tracker before the host starts; only ask whether they exist.
        var services = endpoints.ServiceProvider.GetService<IServiceProviderIsService>();
        if (services?.IsService(typeof(PapikaEndpoint)) == false)
        {
            throw new InvalidOperationException("The Papika surface is not registered: call services.AddPapika(...) before app.MapPapika().");
        }

        if (services?.IsService(typeof(CollectorIngestion)) == false)
        {
            throw new InvalidOperationException("The event collector is not registered: call services.AddEventCollector(...) before app.MapPapika(); Papika shares its limits, rate limits and delivery.");
        }

        if (services?.IsService(typeof(EventTracking.ITracker)) == false)
        {
            throw new InvalidOperationException("No ITracker is registered: call services.AddEventTracking(...) before app.MapPapika(), so Papika's events have somewhere to go.");
        }

        var group = endpoints.MapGroup("/api");
        Map(group, "/user", (endpoint, context) => endpoint.UserAsync(context));
        Map(group, "/user/get_data", (endpoint, context) => endpoint.GetDataAsync(context));
        Map(group, "/user/set_data", (endpoint, context) => endpoint.SetDataAsync(context));
        Map(group, "/experiment", (endpoint, context) => endpoint.ExperimentAsync(context));
        Map(group, "/session", (endpoint, context) => endpoint.SessionAsync(context));
        Map(group, "/event", (endpoint, context) => endpoint.EventAsync(context));
        return group;
    }

    private static void Map(RouteGroupBuilder group, string pattern, Func<PapikaEndpoint, HttpContext, Task> handle) =>
        group.MapMethods(pattern, Methods, (RequestDelegate)(context => handle(context.RequestServices.GetRequiredService<PapikaEndpoint>(), context)))

            // A browser's preflight asks about POST; accepting it here lets the route answer without the CORS middleware.
            .WithMetadata(new HttpMethodMetadata(Methods, acceptCorsPreflight: true));
}
