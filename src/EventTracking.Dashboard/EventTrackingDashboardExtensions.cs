using EventTracking.Dashboard;
using EventTracking.Dashboard.Pages;
using EventTracking.Dashboard.Tail;
using EventTracking.Reading;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the EventTracking dashboard into an ASP.NET Core app.</summary>
public static class EventTrackingDashboardExtensions
{
    /// <summary>
    /// Maps the dashboard at <paramref name="prefix"/>: overview, live tail, catalog, search and event detail over the
    /// <see cref="IEventReader"/> registered in DI, or else the one readable store in the tracker's routing tree (a
    /// <c>SqliteBackend</c>). Every endpoint requires <see cref="EventTrackingDashboardOptions.AuthorizationPolicy"/>
    /// (the default policy when it is not set) unless <see cref="EventTrackingDashboardOptions.AllowAnonymous"/> is set;
    /// so the app must call <c>AddAuthorization</c> and have an authentication scheme that challenges.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="prefix">Where to map it, e.g. <c>/eventtracking</c>. A literal path: no route parameters.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The group of dashboard endpoints, for more conventions.</returns>
    /// <exception cref="ArgumentException">The prefix or an option is invalid; the message names it.</exception>
    public static RouteGroupBuilder MapEventTrackingDashboard(
        this IEndpointRouteBuilder endpoints, string prefix = "/eventtracking", Action<EventTrackingDashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        if (!prefix.StartsWith('/') || prefix.Contains('{', StringComparison.Ordinal) || prefix.Contains('?', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The dashboard prefix '{prefix}' must be a literal path starting with '/', without route parameters or a query.", nameof(prefix));
        }

        var options = new EventTrackingDashboardOptions();
        configure?.Invoke(options);
        options.Validate();
        options = options.Clone();

        var services = endpoints.ServiceProvider;
        var dashboard = new DashboardContext(options, prefix.TrimEnd('/'), new DashboardReader(services));
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var group = endpoints.MapGroup(prefix);
        _ = options.AllowAnonymous
            ? group.AllowAnonymous()
            : options.AuthorizationPolicy is { } policy ? group.RequireAuthorization(policy) : group.RequireAuthorization();
        group.ExcludeFromDescription();

        // A handler that takes only the HttpContext would bind as a RequestDelegate and drop the IResult: cast to Delegate.
        group.MapGet("/", (Delegate)((HttpContext http) => OverviewPage.RenderAsync(http, dashboard, time)));
        group.MapGet("/catalog", (Delegate)((HttpContext http) => CatalogPage.RenderAsync(http, dashboard)));
        group.MapGet("/events", (Delegate)((HttpContext http) => SearchPage.RenderAsync(http, dashboard)));
        group.MapGet("/events/{id}.json", (HttpContext http, string id) => EventDetailPage.RenderAsync(http, dashboard, id, json: true));
        group.MapGet("/events/{id}", (HttpContext http, string id) => EventDetailPage.RenderAsync(http, dashboard, id, json: false));
        group.MapGet("/tail", (HttpContext http) => TailPage.Render(http, dashboard));
        group.MapGet("/tail/stream", (HttpContext http) => TailEndpoint.RunAsync(http, dashboard, time));
        group.MapGet("/assets/{file}", (HttpContext http, string file) => DashboardAssets.Serve(http, file));
        return group;
    }
}
