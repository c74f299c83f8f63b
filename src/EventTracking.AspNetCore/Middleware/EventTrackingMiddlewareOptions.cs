using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace EventTracking.AspNetCore;

/// <summary>
/// What <c>app.UseEventTracking()</c> puts in the context it pushes for each request. Bound from
/// <c>EventTracking:RequestContext</c> (all but <see cref="Enrich"/>); every field is captured by default.
/// </summary>
/// <remarks>
/// Text a client controls (agent, referer, path, host, configured headers) is cut to its <c>Max…Length</c> before it
/// is stored, so one request with a 32,000-character User-Agent cannot bloat every event it emits or push a batch over
/// a collector's limits. A surrogate pair is never split. Values are stored as sent otherwise: escaping is the job of
/// whatever renders them.
/// </remarks>
public sealed class EventTrackingMiddlewareOptions
{
    /// <summary>The name of the context frame pushed for each request. Default <c>request</c>.</summary>
    public string ContextName { get; set; } = "request";

    /// <summary>Whether to capture <c>request_id</c>, from <see cref="HttpContext.TraceIdentifier"/>.</summary>
    public bool CaptureRequestId { get; set; } = true;

    /// <summary>Whether to capture <c>trace_id</c>, the W3C trace id of the current <see cref="System.Diagnostics.Activity"/> when there is one.</summary>
    public bool CaptureTraceId { get; set; } = true;

    /// <summary>Whether to capture <c>user_id</c>, the <see cref="UserIdClaimType"/> claim of an authenticated user.</summary>
    public bool CaptureUserId { get; set; } = true;

    /// <summary>The claim whose value becomes <c>user_id</c>. Default <see cref="ClaimTypes.NameIdentifier"/>.</summary>
    public string UserIdClaimType { get; set; } = ClaimTypes.NameIdentifier;

    /// <summary>
    /// Whether to capture <c>ip</c>, the client address. Behind a proxy, call <c>app.UseForwardedHeaders()</c>
    /// before <c>app.UseEventTracking()</c> so this is the client's address rather than the proxy's.
    /// Turn it off where addresses are personal data you must not keep.
    /// </summary>
    public bool CaptureIp { get; set; } = true;

    /// <summary>Whether to capture <c>agent</c>, the User-Agent header. Turn it off for privacy if you do not need it.</summary>
    public bool CaptureAgent { get; set; } = true;

    /// <summary>Whether to capture <c>host</c>, the Host header.</summary>
    public bool CaptureHost { get; set; } = true;

    /// <summary>Whether to capture <c>path</c>, the path base and path (no query string).</summary>
    public bool CapturePath { get; set; } = true;

    /// <summary>Whether to capture <c>method</c>, the HTTP method.</summary>
    public bool CaptureMethod { get; set; } = true;

    /// <summary>Whether to capture <c>referer</c>, the Referer header.</summary>
    public bool CaptureReferer { get; set; } = true;

    /// <summary>
    /// Request headers to capture as well: context key to header name, such as <c>{ "tenant": "X-Tenant" }</c>. Each
    /// value is cut to <see cref="MaxHeaderLength"/>. Empty by default.
    /// </summary>
    public IDictionary<string, string> CaptureHeaders { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The longest <c>agent</c> kept, in UTF-16 code units; a longer User-Agent is cut. Default 512.</summary>
    public int MaxAgentLength { get; set; } = 512;

    /// <summary>The longest <c>referer</c> kept, in UTF-16 code units; a longer Referer is cut. Default 2048.</summary>
    public int MaxRefererLength { get; set; } = 2048;

    /// <summary>The longest <c>path</c> kept, in UTF-16 code units; a longer path is cut. Default 1024.</summary>
    public int MaxPathLength { get; set; } = 1024;

    /// <summary>The longest <c>host</c> kept, in UTF-16 code units; a longer Host is cut. Default 255.</summary>
    public int MaxHostLength { get; set; } = 255;

    /// <summary>The longest value of a header in <see cref="CaptureHeaders"/> kept, in UTF-16 code units. Default 256.</summary>
    public int MaxHeaderLength { get; set; } = 256;

    /// <summary>
    /// Adds or changes values from the <see cref="HttpContext"/> after the captured fields are set. Runs once per
    /// request before the rest of the pipeline; if it throws, the fault is logged and the request goes on with the
    /// fields captured so far.
    /// </summary>
    public Action<HttpContext, IDictionary<string, object?>>? Enrich { get; set; }
}
