using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace EventTracking.Collector;

/// <summary>
/// CORS per app, as the original's rocket_cors options set it: only POST, any request header, no credentials, and the
/// request's own origin echoed back (never <c>*</c>) when the app allows it, with <c>Vary: Origin</c>.
/// </summary>
internal static class AttolyticsCors
{
    /// <summary>The request's <c>Origin</c>, or <see langword="null"/> when it sent none (not a cross-origin request).</summary>
    public static string? Origin(HttpRequest request) => request.Headers.Origin is { Count: > 0 } origin ? origin[0] : null;

    /// <summary>Lets the page at <paramref name="origin"/> read this response.</summary>
    public static void Allow(HttpResponse response, string origin)
    {
        response.Headers.AccessControlAllowOrigin = origin;
        response.Headers.Append(HeaderNames.Vary, HeaderNames.Origin);
    }

    /// <summary>
    /// Answers <c>OPTIONS /apps/{app_id}/events</c> for a known app. Checks run as rocket_cors ran them: a disallowed
    /// origin is 403, a missing <c>Access-Control-Request-Method</c> 400, a method other than POST 403. A request without
    /// <c>Origin</c> is no preflight: it gets 200 with no CORS headers.
    /// </summary>
    public static Task PreflightAsync(HttpContext context, AttolyticsApp app)
    {
        var request = context.Request;
        if (Origin(request) is not { } origin)
        {
            return AttolyticsResponses.OkAsync(context);
        }

        if (!app.AllowsOrigin(origin))
        {
            return AttolyticsResponses.RefuseAsync(context, new(StatusCodes.Status403Forbidden, $"Origin '{origin}' may not send events for app '{app.Id}'."));
        }

        if (request.Headers.AccessControlRequestMethod is not { Count: > 0 } method)
        {
            return AttolyticsResponses.RefuseAsync(context, new(StatusCodes.Status400BadRequest, "A preflight request must carry Access-Control-Request-Method."));
        }

        if (!HttpMethods.IsPost(method[0]!.Trim()))
        {
            return AttolyticsResponses.RefuseAsync(context, new(StatusCodes.Status403Forbidden, $"Only POST is allowed, not '{method[0]}'."));
        }

        var response = context.Response;
        Allow(response, origin);
        response.Headers.AccessControlAllowMethods = HttpMethods.Post;
        if (request.Headers.AccessControlRequestHeaders is { Count: > 0 } headers)
        {
            response.Headers.AccessControlAllowHeaders = headers;
        }

        return AttolyticsResponses.OkAsync(context);
    }
}
