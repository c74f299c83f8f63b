using EventTracking;
using EventTracking.AspNetCore;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the administrators' endpoint that erases a user's events from every store of the tracker's tree.</summary>
public static class EventTrackingErasureEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST {pattern}</c>, which takes <c>{"user_id": "10938"}</c> (Content-Type <c>application/json</c>),
    /// flushes the tracker, erases the user's events (the raw id and its keyed hashes) from every store that can, and
    /// answers with the report: per store the events removed, or <c>cannot_erase</c> for stores such as Serilog and
    /// HTTP that the operator must handle otherwise. 200 when every erasable store succeeded, 503 (with the report)
    /// when one failed, 400/413/415 for a bad request. Authorization is always required. Stores outside the tree that
    /// were registered with <c>services.AddEventTrackingErasableStore(…)</c> (the collector's Papika tables) are erased
    /// and reported too.
    /// </summary>
    /// <remarks>Needs <c>services.AddAuthorization()</c> and an authentication scheme; user ids are never logged.</remarks>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <param name="pattern">The route. Default <c>/eventtracking/erase</c>.</param>
    /// <param name="configure">Sets the authorization policy, the id fields and the secrets.</param>
    /// <returns>A builder for further conventions (host filters, rate limits, …).</returns>
    /// <exception cref="ArgumentException"><paramref name="pattern"/> is empty or an option is invalid.</exception>
    public static IEndpointConventionBuilder MapEventTrackingErasure(
        this IEndpointRouteBuilder endpoints,
        string pattern = "/eventtracking/erase",
        Action<EventTrackingErasureEndpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        var options = new EventTrackingErasureEndpointOptions();
        configure?.Invoke(options);
        ArgumentNullException.ThrowIfNull(options.Erasure, "options.Erasure");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxBodyBytes, "options.MaxBodyBytes");

        // Fail at startup, not at the first request, when the fields or secrets are wrong.
        _ = new UserErasure("check", options.Erasure);

        var endpoint = new ErasureEndpoint(options);
        var builder = endpoints.MapPost(pattern, (RequestDelegate)endpoint.HandleAsync);
        return options.Policy is { } policy ? builder.RequireAuthorization(policy) : builder.RequireAuthorization();
    }
}
