using Microsoft.AspNetCore.Http;

namespace EventTracking.AspNetCore;

/// <summary>
/// The context fields the collector owns, set on every Microticks event over anything else: when the request arrived,
/// the client's address, the consumer whose key accepted the session, and the surface.
/// </summary>
/// <remarks>
/// Uses the collector's field names (<c>received_at</c>, <c>client_ip</c>, <c>collector_key</c>,
/// <c>collector_surface</c>). Kept here, small and alone, until the collector's shared helper is on this branch.
/// </remarks>
internal sealed record MicroticksCollectorFields(DateTimeOffset ReceivedAt, string? ClientAddress)
{
    public const string ReceivedAtField = "received_at";

    public const string ClientIpField = "client_ip";

    public const string KeyField = "collector_key";

    public const string SurfaceField = "collector_surface";

    public const string Surface = "microticks";

    /// <summary>The fields of a request arriving now, at the microsecond precision events carry.</summary>
    public static MicroticksCollectorFields For(HttpContext context, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var address = context.Connection.RemoteIpAddress is { } ip ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString() : null;
        return new MicroticksCollectorFields(new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero), address);
    }

    /// <summary>Writes the collector's fields over <paramref name="context"/>; <paramref name="consumerName"/> is the key's name.</summary>
    public Dictionary<string, object?> ApplyTo(Dictionary<string, object?> context, string consumerName)
    {
        context[ReceivedAtField] = ReceivedAt;
        context[ClientIpField] = ClientAddress;
        context[KeyField] = consumerName;
        context[SurfaceField] = Surface;
        return context;
    }
}
