using EventTracking;
using EventTracking.AspNetCore;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the event-tracking middleware to the request pipeline.</summary>
public static class EventTrackingApplicationBuilderExtensions
{
    /// <summary>
    /// Pushes a <c>request</c> context (request id, trace id, user id, client address, agent, host, path, method,
    /// referer; see <see cref="EventTrackingMiddlewareOptions"/>) around the rest of the pipeline, so every event a
    /// request emits, in handlers or in the services they call, carries it.
    /// </summary>
    /// <remarks>
    /// Order matters: call it after <c>UseForwardedHeaders</c> (so <c>ip</c> is the client's) and after
    /// <c>UseAuthentication</c> (so <c>user_id</c> is known), and before the endpoints that emit.
    /// </remarks>
    /// <param name="app">The application.</param>
    /// <returns><paramref name="app"/>.</returns>
    /// <exception cref="InvalidOperationException"><c>services.AddEventTracking(…)</c> was not called.</exception>
    public static IApplicationBuilder UseEventTracking(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Ask whether the tracker is registered without building it: building happens when the host starts.
        if (app.ApplicationServices.GetService<IServiceProviderIsService>()?.IsService(typeof(ITracker)) == false)
        {
            throw new InvalidOperationException("No ITracker is registered: call services.AddEventTracking(...) before app.UseEventTracking().");
        }

        return app.UseMiddleware<EventTrackingMiddleware>();
    }
}
