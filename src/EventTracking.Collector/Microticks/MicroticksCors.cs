using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace EventTracking.Collector;

/// <summary>
/// The headers every Microticks response carries, as the original's Flask-CORS did: the request's <c>Origin</c>
/// echoed (any origin; no credentials are involved, the token travels in the form), and
/// <c>Cache-Control: public, max-age=0</c>. Preflight requests get the route's methods and the requested headers.
/// </summary>
internal static class MicroticksCors
{
    public const string CacheControl = "public, max-age=0";

    public static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = CacheControl;
        var origin = context.Request.Headers.Origin;
        if (!string.IsNullOrEmpty(origin))
        {
            headers.AccessControlAllowOrigin = origin;
            headers.Vary = HeaderNames.Origin;
        }
    }

    /// <summary>Answers an <c>OPTIONS</c> request (a CORS preflight or not) with 200 and no body.</summary>
    public static void Preflight(HttpContext context, string methods)
    {
        var headers = context.Response.Headers;
        headers.Allow = methods;
        if (!string.IsNullOrEmpty(context.Request.Headers.Origin))
        {
            headers.AccessControlAllowMethods = methods;
            var requested = context.Request.Headers.AccessControlRequestHeaders;
            if (!string.IsNullOrEmpty(requested))
            {
                headers.AccessControlAllowHeaders = requested;
            }
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentLength = 0;
    }
}
