using EventTracking.Collector;
using EventTracking;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Attolytics protocol, a schema-driven collector surface.</summary>
public static class AttolyticsEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST {prefix}/apps/{app_id}/events</c> and its CORS preflight (<c>OPTIONS</c>), speaking the Attolytics
    /// protocol: a body <c>{"secret_key": "…", "events": [{"_t": "table", …}]}</c>, checked against the tables and apps
    /// of a YAML schema file and answered with Attolytics' status codes (success is 200 with an empty body). Each event
    /// becomes a <see cref="TrackingEvent"/> named after its table, holding the converted columns as data, delivered
    /// through the application's tracker with acknowledgement.
    /// </summary>
    /// <remarks>
    /// The schema file is read and checked here, so a mistake in it (an unknown type, an app naming an undefined table,
    /// a duplicate column, a header on a column that is not a string) stops the application before it serves anything,
    /// with an <see cref="EventTrackingConfigurationException"/> naming the file, the path inside it and the line.
    /// Secret keys are kept only as hashes. The collector's services (<c>services.AddEventCollector(…)</c>) read bodies,
    /// apply rate limits (the app id counts as the key name), deliver and log, as for the collector's other routes; its
    /// API keys play no part here. See docs/collector-attolytics.md.
    /// </remarks>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <param name="prefix">A path prefix such as <c>/atto</c>; empty for none.</param>
    /// <param name="schemaPath">The schema file; a relative path is resolved against the content root.</param>
    /// <returns>A builder for conventions that apply to the route (host filters, authorization, …).</returns>
    /// <exception cref="EventTrackingConfigurationException">The schema file cannot be read or is not a valid schema.</exception>
    /// <exception cref="InvalidOperationException"><c>services.AddEventCollector(…)</c> was not called.</exception>
    public static IEndpointConventionBuilder MapAttolytics(this IEndpointRouteBuilder endpoints, string prefix, string schemaPath)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentException.ThrowIfNullOrWhiteSpace(schemaPath);
        var services = endpoints.ServiceProvider;

        // Resolving the collector here would build the tracker before the host starts; only ask whether it exists.
        if (services.GetService<IServiceProviderIsService>()?.IsService(typeof(CollectorIngestion)) == false)
        {
            throw new InvalidOperationException("The event collector is not registered: call services.AddEventCollector(...) before app.MapAttolytics(...).");
        }

        var root = services.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory();
        var schema = AttolyticsSchemaLoader.Load(Path.Combine(root, schemaPath));
        var endpoint = new AttolyticsEndpoint(schema);
        var trimmed = prefix.Trim().Trim('/');
        var group = endpoints.MapGroup(trimmed.Length == 0 ? string.Empty : "/" + trimmed);

        // One endpoint for every method: a CORS preflight must reach it (routing matches a preflight by the method it
        // asks about), and other methods find no route, as in the original.
        group.Map($"/apps/{{{AttolyticsEndpoint.AppIdRouteKey}}}/events", (RequestDelegate)endpoint.HandleAsync);
        return group;
    }
}
