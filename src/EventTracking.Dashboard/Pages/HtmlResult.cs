using System.Text;
using Microsoft.AspNetCore.Http;

namespace EventTracking.Dashboard.Pages;

/// <summary>A dashboard page: HTML that no cache keeps, with a content security policy that allows only the dashboard's own script.</summary>
internal sealed class HtmlResult : IResult
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private readonly string _html;
    private readonly int _statusCode;

    public HtmlResult(string html, int statusCode)
    {
        _html = html;
        _statusCode = statusCode;
    }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = _statusCode;
        response.ContentType = "text/html; charset=utf-8";
        SetSecurityHeaders(response);
        response.Headers.CacheControl = "no-store";
        return response.WriteAsync(_html, Encoding.UTF8, httpContext.RequestAborted);
    }

    public static void SetSecurityHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XFrameOptions = "DENY";
    }
}
