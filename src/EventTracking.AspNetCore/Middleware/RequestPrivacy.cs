using System.Net;
using Microsoft.AspNetCore.Http;

namespace EventTracking.AspNetCore;

/// <summary>The privacy parts of the request context: the client address as captured, and the user's consent.</summary>
internal static class RequestPrivacy
{
    /// <summary>The address as text: cut to its network unless <see cref="EventTrackingMiddlewareOptions.TruncateIp"/> is off.</summary>
    public static string Ip(IPAddress address, EventTrackingMiddlewareOptions options)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return options.TruncateIp
            ? IpAddressTruncation.Truncate(address, options.IPv4PrefixLength, options.IPv6PrefixLength).ToString()
            : address.ToString();
    }

    /// <summary>
    /// Sets <c>consent</c> to <c>denied</c> or <c>granted</c> from the claim, else the cookie, the options name; leaves
    /// it unset when neither is there or the value is not one <see cref="ConsentValues.Parse"/> knows.
    /// </summary>
    public static void AddConsent(HttpContext context, EventTrackingMiddlewareOptions options, IDictionary<string, object?> values)
    {
        var state = ConsentState.Unknown;
        if (options.ConsentClaimType is { Length: > 0 } claimType && context.User.FindFirst(claimType)?.Value is { } claim)
        {
            state = ConsentValues.Parse(claim);
        }

        if (state == ConsentState.Unknown && options.ConsentCookieName is { Length: > 0 } cookieName
            && context.Request.Cookies.TryGetValue(cookieName, out var cookie))
        {
            state = ConsentValues.Parse(cookie);
        }

        if (state != ConsentState.Unknown)
        {
            values[ConsentValues.ContextKey] = state == ConsentState.Denied ? ConsentValues.Denied : ConsentValues.Granted;
        }
    }
}
