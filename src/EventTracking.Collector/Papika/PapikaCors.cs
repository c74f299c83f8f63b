using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace EventTracking.Collector;

/// <summary>
/// Cross-origin access for browser clients. The TypeScript client posts <c>Content-Type: application/json</c> from a
/// page on another origin, so the browser first sends a preflight <c>OPTIONS</c> asking for <c>content-type</c>; it is
/// answered here, and every answer (errors included) carries the allow-origin header so the client sees the status.
/// </summary>
internal sealed class PapikaCors
{
    private readonly bool _anyOrigin;
    private readonly HashSet<string> _origins;

    public PapikaCors(IOptions<PapikaOptions> options)
    {
        var configured = options.Value.AllowedOrigins;
        _anyOrigin = configured.Count == 0 || configured.Contains("*");
        _origins = new HashSet<string>(configured.Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Adds the allow-origin header for an allowed origin.</summary>
    /// <returns>False when the request comes from an origin that is not allowed (answer 403).</returns>
    public bool Allow(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }

        var headers = context.Response.Headers;
        if (_anyOrigin)
        {
            headers.AccessControlAllowOrigin = "*";
            return true;
        }

        headers.Vary = HeaderNames.Origin;
        if (!_origins.Contains(origin))
        {
            return false;
        }

        headers.AccessControlAllowOrigin = origin;
        return true;
    }

    /// <summary>Answers an <c>OPTIONS</c> request: 204 allowing POST with any request headers, or 403 for another origin.</summary>
    public Task PreflightAsync(HttpContext context)
    {
        var response = context.Response;
        if (!Allow(context))
        {
            return PapikaReply.Problem(new PapikaError(StatusCodes.Status403Forbidden, "this origin may not call the Papika routes")).WriteAsync(context);
        }

        response.StatusCode = StatusCodes.Status204NoContent;
        response.Headers.Allow = "POST, OPTIONS";
        if (context.Request.Headers.Origin.Count > 0)
        {
            response.Headers.AccessControlAllowMethods = "POST, OPTIONS";
            var requested = context.Request.Headers.AccessControlRequestHeaders.ToString();
            response.Headers.AccessControlAllowHeaders = requested.Length > 0 ? requested : HeaderNames.ContentType;
            response.Headers.AccessControlMaxAge = "7200";
        }

        return Task.CompletedTask;
    }
}
