using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace EventTracking.AspNetCore;

/// <summary>
/// What <c>app.UseEventTracking()</c> puts in the context it pushes for each request. Bound from
/// <c>EventTracking:RequestContext</c> (all but <see cref="Enrich"/>); every field is captured by default, the
/// client address cut to its network. docs/privacy.md lists each field, where it goes and how to turn it off.
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

    /// <summary>
    /// Whether events carry <c>trace_id</c> and <c>span_id</c>, the W3C ids of the current
    /// <see cref="System.Diagnostics.Activity"/> when there is one. The tracker adds them to every event, in requests and
    /// out of them; this sets <see cref="TrackerOptions.CaptureTraceContext"/> of the tracker built by <c>AddEventTracking</c>.
    /// </summary>
    public bool CaptureTraceId { get; set; } = true;

    /// <summary>Whether to capture <c>user_id</c>, the <see cref="UserIdClaimType"/> claim of an authenticated user.</summary>
    public bool CaptureUserId { get; set; } = true;

    /// <summary>The claim whose value becomes <c>user_id</c>. Default <see cref="ClaimTypes.NameIdentifier"/>.</summary>
    public string UserIdClaimType { get; set; } = ClaimTypes.NameIdentifier;

    /// <summary>
    /// Whether to capture <c>ip</c>, the client address (cut to its network unless <see cref="TruncateIp"/> is off).
    /// Behind a proxy, call <c>app.UseForwardedHeaders()</c> before <c>app.UseEventTracking()</c> so this is the
    /// client's address rather than the proxy's. Turn it off where even a network is more than you may keep.
    /// </summary>
    public bool CaptureIp { get; set; } = true;

    /// <summary>
    /// Whether <c>ip</c> is cut to its network: the first <see cref="IPv4PrefixLength"/> bits of an IPv4 address
    /// (<c>203.0.113.0</c>), the first <see cref="IPv6PrefixLength"/> of an IPv6 one (<c>2001:db8:85a3::</c>). On by
    /// default; set it to <see langword="false"/> to keep full addresses (say, for fraud checks, under a legal basis).
    /// </summary>
    public bool TruncateIp { get; set; } = true;

    /// <summary>Bits of an IPv4 address kept when <see cref="TruncateIp"/> is on, 0 to 32. Default 24.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 32)]
    public int IPv4PrefixLength { get; set; } = IpAddressTruncation.DefaultIPv4PrefixLength;

    /// <summary>Bits of an IPv6 address kept when <see cref="TruncateIp"/> is on, 0 to 128. Default 48.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 128)]
    public int IPv6PrefixLength { get; set; } = IpAddressTruncation.DefaultIPv6PrefixLength;

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
    /// A claim whose value records the user's consent to tracking (see <see cref="ConsentValues.Parse"/>: <c>denied</c>,
    /// <c>false</c>, <c>opted_out</c>, … or <c>granted</c>, <c>true</c>, …). When set and present, the request context
    /// gets <c>consent</c> = <c>denied</c> or <c>granted</c>, which <see cref="ConsentFilter"/> honours. Takes
    /// precedence over <see cref="ConsentCookieName"/>. Default none.
    /// </summary>
    public string? ConsentClaimType { get; set; }

    /// <summary>
    /// A cookie whose value records the user's consent, read as <see cref="ConsentClaimType"/> is (a consent banner's
    /// cookie, say). Default none.
    /// </summary>
    public string? ConsentCookieName { get; set; }

    /// <summary>
    /// Adds or changes values from the <see cref="HttpContext"/> after the captured fields are set. Runs once per
    /// request before the rest of the pipeline; if it throws, the fault is logged and the request goes on with the
    /// fields captured so far.
    /// </summary>
    public Action<HttpContext, IDictionary<string, object?>>? Enrich { get; set; }
}
